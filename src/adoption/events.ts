import { EVENT_TYPES, FUTURE_SLACK_MS, RECORD_TYPES, type EventType } from "./rules.js";

/** One CRM event as the rules need it (the field lists reduced to `complete`). */
export interface UsageEvent {
  id: string;
  occurredAt: Date;
  user: string;
  type: EventType;
  object: string | null;
  recordId: string | null;
  complete: boolean;
  relatedAt: Date | null;
}

/** A line that could not be read, 1-based, with the reason (an i18n key under adoption.bad and its vars). */
export interface BadLine {
  line: number;
  reason: string;
  field?: string;
}

export const MAX_EVENTS = 10_000;
export const MAX_BYTES = 5 * 1024 * 1024;

const TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);
const text = (v: unknown, max: number): string | null => {
  if (typeof v === "number" && Number.isFinite(v)) v = String(v);
  if (typeof v !== "string") return null;
  const s = v.trim();
  return s.length > 0 && s.length <= max ? s : null;
};
const instant = (v: unknown): Date | null => {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v.trim())) return null;
  const d = new Date(v.trim());
  return Number.isNaN(d.getTime()) ? null : d;
};
const fields = (v: unknown): string[] | null | "bad" => {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "string") return v.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v) && v.every((f) => typeof f === "string")) return v.map((f: string) => f.trim());
  return "bad";
};

/** Checks one event object; the reason says which field is wrong. */
export function readEvent(raw: unknown, now: Date): UsageEvent | { reason: string; field?: string } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { reason: "not_object" };
  const o = raw as Record<string, unknown>;
  const id = text(o.id, 200);
  if (!id) return { reason: "field", field: "id" };
  const occurredAt = instant(o.occurred_at);
  if (!occurredAt) return { reason: "field", field: "occurred_at" };
  if (occurredAt.getTime() > now.getTime() + FUTURE_SLACK_MS) return { reason: "future", field: "occurred_at" };
  const user = text(o.user, 200);
  if (!user) return { reason: "field", field: "user" };
  const type = typeof o.type === "string" ? o.type.trim() : "";
  if (!TYPES.has(type)) return { reason: "type", field: "type" };
  const object = o.object === undefined || o.object === null || o.object === "" ? null : text(o.object, 50)?.toLowerCase() ?? undefined;
  if (object === undefined) return { reason: "field", field: "object" };
  const recordId = o.record_id === undefined || o.record_id === null || o.record_id === "" ? null : text(o.record_id, 200) ?? undefined;
  if (recordId === undefined) return { reason: "field", field: "record_id" };
  if (RECORD_TYPES.has(type) && (!object || !recordId)) return { reason: "field", field: object ? "record_id" : "object" };
  const required = fields(o.required_fields);
  if (required === "bad") return { reason: "field", field: "required_fields" };
  const filled = fields(o.filled_fields);
  if (filled === "bad") return { reason: "field", field: "filled_fields" };
  let relatedAt: Date | null = null;
  if (o.related_at !== undefined && o.related_at !== null && o.related_at !== "") {
    relatedAt = instant(o.related_at);
    if (!relatedAt) return { reason: "field", field: "related_at" };
  }
  const have = new Set(filled ?? []);
  const complete = (required ?? []).every((f) => have.has(f));
  return { id, occurredAt, user, type: type as EventType, object, recordId, complete, relatedAt };
}

export interface ParsedBatch {
  events: UsageEvent[];
  bad: BadLine[];
  /** Too many events for one request. */
  tooMany: boolean;
}

function collect(items: { line: number; value: unknown }[], now: Date, bad: BadLine[]): ParsedBatch {
  const events: UsageEvent[] = [];
  for (const { line, value } of items) {
    const read = readEvent(value, now);
    if ("reason" in read) bad.push({ line, reason: read.reason, ...(read.field ? { field: read.field } : {}) });
    else events.push(read);
  }
  return { events, bad, tooMany: false };
}

/** A JSON array (line = position, 1-based) or NDJSON (line = line number; blank lines skipped). */
export function parseJsonBody(body: string, now: Date, max = MAX_EVENTS): ParsedBatch {
  const trimmed = body.trimStart();
  if (trimmed.startsWith("[")) {
    let list: unknown;
    try {
      list = JSON.parse(trimmed);
    } catch {
      return { events: [], bad: [{ line: 1, reason: "json" }], tooMany: false };
    }
    if (!Array.isArray(list)) return { events: [], bad: [{ line: 1, reason: "json" }], tooMany: false };
    if (list.length > max) return { events: [], bad: [], tooMany: true };
    return collect(list.map((value, i) => ({ line: i + 1, value })), now, []);
  }
  const items: { line: number; value: unknown }[] = [];
  const bad: BadLine[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    if (items.length + bad.length >= max) return { events: [], bad: [], tooMany: true };
    try {
      items.push({ line: i + 1, value: JSON.parse(line) });
    } catch {
      bad.push({ line: i + 1, reason: "json" });
    }
  }
  const parsed = collect(items, now, bad);
  parsed.bad.sort((a, b) => a.line - b.line);
  return parsed;
}

/** Splits one CSV line (quotes with "" inside). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") out.push(cur), (cur = "");
    else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/** CSV with a header row naming the schema's fields; field lists separated by `;` or `|`. Line numbers count the header. */
export function parseCsv(body: string, now: Date, max = MAX_EVENTS): ParsedBatch {
  const lines = body.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = cells(lines[0] ?? "").map((h) => h.toLowerCase());
  if (!header.includes("id") || !header.includes("type")) return { events: [], bad: [{ line: 1, reason: "header" }], tooMany: false };
  const items: { line: number; value: unknown }[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    if (items.length >= max) return { events: [], bad: [], tooMany: true };
    const row = cells(lines[i]!);
    items.push({ line: i + 1, value: Object.fromEntries(header.map((h, j) => [h, row[j] ?? ""])) });
  }
  return collect(items, now, []);
}
