import type { SocketModeClient } from "@slack/socket-mode";
import type { Logger } from "pino";
import type { DirectReply, DirectRequest, DirectRoute } from "../../src/core/direct-route.js";
import { QueueUnavailable } from "../../src/core/ingest.js";
import { toSdkLogger } from "./client.js";
import { verifySlackSignature } from "./crypto.js";
import { parseSlackBody, record, type SlackBody } from "./payload.js";

/** The one Request URL for Events API, slash commands and interactivity. */
export const SLACK_EVENTS_PATH = "/slack/events";

/** Hands a verified body on (decode, dedupe, enqueue); resolves once the event is safely queued. */
export type SlackBodyHandler = (body: SlackBody, delivery: { retryNum?: number; retryReason?: string }) => Promise<void>;

/** Thrown by a handler that has not been given its sink yet: answered 503 so that Slack retries. */
export class NotReadyError extends Error {}

const SIGNATURE = "x-slack-signature";
const TIMESTAMP = "x-slack-request-timestamp";

/** A header's value; "duplicated" when it arrives more than once (Node would join the copies with a comma). */
function singleHeader(rawHeaders: readonly string[], name: string): string | undefined | "duplicated" {
  let value: string | undefined;
  let count = 0;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === name) {
      count++;
      value = rawHeaders[i + 1];
    }
  }
  return count > 1 ? "duplicated" : value;
}

function isSslCheck(raw: Buffer, contentType: string | undefined): boolean {
  return !contentType?.includes("json") && raw.length < 512 && new URLSearchParams(raw.toString("utf8")).get("ssl_check") === "1";
}

/**
 * POST /slack/events (https://api.slack.com/apis/events-api#receiving-events), a direct route of the shared
 * server: the signature is checked over the raw bytes before anything is parsed or written
 * (https://api.slack.com/authentication/verifying-requests-from-slack); then url_verification is answered,
 * ssl_check acknowledged, and anything else handed on and acked with an empty 200 once queued. A retried delivery
 * (X-Slack-Retry-Num) goes the same way: the dedupe key drops it if the first one was queued, and queues it if the
 * first one was lost.
 */
export function slackEventsRoute(deps: { signingSecret: string; logger: Logger; now: () => number; handle: SlackBodyHandler }): DirectRoute {
  const { logger } = deps;
  const handle = async ({ headers, rawHeaders, body: raw }: DirectRequest): Promise<DirectReply> => {
    const contentType = headers["content-type"];
    // ssl_check requests are not signed: https://api.slack.com/interactivity/slash-commands#ssl
    if (isSslCheck(raw, contentType)) return { status: 200 };
    const timestamp = singleHeader(rawHeaders, TIMESTAMP);
    const signature = singleHeader(rawHeaders, SIGNATURE);
    if (timestamp === "duplicated" || signature === "duplicated") {
      logger.warn({ reason: "duplicated_header" }, "Slack request refused");
      return { status: 401, json: { error: "duplicated_header" } };
    }
    const verified = verifySlackSignature({ signingSecret: deps.signingSecret, timestamp, signature, rawBody: raw, nowMs: deps.now() });
    if (!verified.ok) {
      logger.warn({ reason: verified.reason }, "Slack request refused");
      return { status: 401, json: { error: verified.reason } };
    }
    const body = parseSlackBody(raw, contentType);
    if (!body) return { status: 400, json: { error: "malformed_payload" } };
    if (body.kind === "url_verification") return { status: 200, json: { challenge: body.challenge } };
    if (body.kind === "ssl_check" || body.kind === "other") return { status: 200 };
    const retryNum = Number(headers["x-slack-retry-num"]);
    const retryReason = headers["x-slack-retry-reason"];
    try {
      await deps.handle(body, {
        ...(Number.isInteger(retryNum) ? { retryNum } : {}),
        ...(typeof retryReason === "string" ? { retryReason } : {}),
      });
    } catch (error) {
      logger.error({ err: error instanceof NotReadyError ? undefined : error, kind: body.kind }, "could not queue a Slack event");
      return { status: error instanceof NotReadyError || error instanceof QueueUnavailable ? 503 : 500, json: { error: "not_queued" } };
    }
    return { status: 200 };
  };
  return { method: "POST", path: SLACK_EVENTS_PATH, handle };
}

/**
 * Socket Mode (https://api.slack.com/apis/socket-mode): the SDK opens the socket with the app-level token (via
 * apps.connections.open on the configured API URL); each envelope is handed on and acked once queued. A failure
 * leaves it un-acked, so Slack delivers it again.
 */
export function createSocketModeTransport(deps: { appToken: string; apiUrl: string; logger: Logger; handle: SlackBodyHandler }) {
  const { logger } = deps;
  // The SDK is loaded when Socket Mode starts, so an HTTP-mode replica does not carry it (about 12 MB of RSS).
  let client: SocketModeClient | null = null;
  const open = async (): Promise<SocketModeClient> => {
    const { SocketModeClient } = await import("@slack/socket-mode");
    const opened = new SocketModeClient({ appToken: deps.appToken, logger: toSdkLogger(logger), clientOptions: { slackApiUrl: deps.apiUrl } });
    opened.on("slack_event", onEnvelope);
    return opened;
  };

  const onEnvelope = async (envelope: { ack: (response?: Record<string, unknown>) => Promise<void>; type: string; body: unknown; retry_num?: number; retry_reason?: string }) => {
    const body = socketBody(envelope.type, envelope.body);
    try {
      if (body) {
        await deps.handle(body, {
          ...(typeof envelope.retry_num === "number" ? { retryNum: envelope.retry_num } : {}),
          ...(envelope.retry_reason ? { retryReason: envelope.retry_reason } : {}),
        });
      }
      await envelope.ack();
    } catch (error) {
      logger.error({ err: error, type: envelope.type }, "could not queue a Slack Socket Mode envelope; Slack will deliver it again");
    }
  };

  return {
    async start(): Promise<void> {
      client ??= await open();
      await client.start();
    },
    async stop(): Promise<void> {
      await client?.disconnect();
    },
  };
}

/** An envelope's payload as the body the HTTP route would have parsed. */
export function socketBody(type: string, payload: unknown): SlackBody | null {
  const body = record(payload);
  if (!body) return null;
  if (type === "events_api") return body.type === "event_callback" && record(body.event) ? { kind: "event_callback", payload: body } : null;
  if (type === "interactive") return typeof body.type === "string" ? { kind: "interactive", payload: body } : null;
  if (type === "slash_commands") {
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) if (typeof value === "string") fields[key] = value;
    return { kind: "slash_command", fields };
  }
  return null;
}
