/** A JSON object as it arrived, read field by field with the narrowing helpers below. */
export type Json = Record<string, unknown>;

/** The value as an object, or undefined. */
export function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A non-empty string field, or undefined. */
export function str(o: Json | undefined, key: string): string | undefined {
  const value = o?.[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** An object field, or undefined. */
export function obj(o: Json | undefined, key: string): Json | undefined {
  return record(o?.[key]);
}

/** An array field (empty when absent). */
export function list(o: Json | undefined, key: string): unknown[] {
  const value = o?.[key];
  return Array.isArray(value) ? value : [];
}

/**
 * What one request to the Request URL carries. Slack posts JSON for the Events API and form-encoded bodies for
 * slash commands (fields) and interactivity (`payload=<json>`):
 * https://api.slack.com/interactivity/slash-commands#app_command_handling,
 * https://api.slack.com/interactivity/handling#payloads, https://api.slack.com/apis/events-api#receiving-events.
 */
export type SlackBody =
  | { kind: "url_verification"; challenge: string }
  | { kind: "ssl_check" }
  | { kind: "event_callback"; payload: Json }
  | { kind: "slash_command"; fields: Record<string, string> }
  | { kind: "interactive"; payload: Json }
  | { kind: "other"; type: string };

/** Parses a raw request body; null when it is malformed (not JSON, no known shape). */
export function parseSlackBody(raw: Buffer, contentType: string | undefined): SlackBody | null {
  const text = raw.toString("utf8");
  const json = contentType?.includes("application/json") ?? text.trimStart().startsWith("{");
  if (json) return parseJsonBody(text);
  const form = new URLSearchParams(text);
  if (form.get("ssl_check") === "1") return { kind: "ssl_check" };
  const payload = form.get("payload");
  if (payload !== null) {
    const parsed = parseJson(payload);
    return parsed && typeof parsed.type === "string" ? { kind: "interactive", payload: parsed } : null;
  }
  if (form.get("command") !== null) return { kind: "slash_command", fields: Object.fromEntries(form.entries()) };
  return null;
}

function parseJsonBody(text: string): SlackBody | null {
  const parsed = parseJson(text);
  if (!parsed) return null;
  const type = str(parsed, "type");
  if (type === "url_verification") {
    const challenge = str(parsed, "challenge");
    return challenge ? { kind: "url_verification", challenge } : null;
  }
  if (type === "event_callback") return obj(parsed, "event") ? { kind: "event_callback", payload: parsed } : null;
  return type ? { kind: "other", type } : null;
}

function parseJson(text: string): Json | null {
  try {
    return record(JSON.parse(text)) ?? null;
  } catch {
    return null;
  }
}
