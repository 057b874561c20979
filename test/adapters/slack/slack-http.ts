import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { sql } from "kysely";
import { signSlackRequest } from "../../../adapters/slack/crypto.js";
import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/index.js";
import { startFakeSlackApi, type FakeSlackApi } from "../../helpers/fake-slack-api.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** A runtime with the Slack adapter against a fake Web API, its HTTP server listening on a free loopback port. */
export interface SlackHarness {
  fake: FakeSlackApi;
  adapter: SlackAdapter;
  test: TestRuntime;
  base: string;
  close(): Promise<void>;
}

export const HARNESS_BOT_TOKEN = "xoxb-test-token";

export async function startSlackHarness(options: { appToken?: string; signingSecret?: string | null; env?: Record<string, string> } = {}): Promise<SlackHarness> {
  const fake = await startFakeSlackApi({ teamId: "T0TEAM", teamName: "Apollo Corp", botToken: HARNESS_BOT_TOKEN });
  const signingSecret = options.signingSecret === null ? undefined : (options.signingSecret ?? SIGNING_SECRET);
  const adapter = createSlackAdapter({
    botToken: HARNESS_BOT_TOKEN,
    apiUrl: fake.url,
    logger: pino({ level: "silent" }),
    requestTimeoutMs: 5000,
    ...(signingSecret ? { signingSecret } : {}),
    ...(options.appToken ? { appToken: options.appToken } : {}),
  });
  const test = await startTestRuntime({ adapters: [adapter], env: { PORT: "0", HOST: "127.0.0.1", ...options.env } });
  const http = await test.runtime.startHttp();
  const base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  return {
    fake,
    adapter,
    test,
    base,
    async close() {
      await test.close();
      await fake.close();
    },
  };
}

export interface PostOptions {
  contentType?: string;
  /** Seconds; default now. */
  timestamp?: string | null;
  /** Overrides the computed signature; null leaves the header out. */
  signature?: string | null;
  /** Sign these bytes but send the body (to flip a byte after signing). */
  signedBody?: string | Buffer;
  /** Extra headers; an array value sends the header line once per element. */
  headers?: Record<string, string | string[]>;
}

/** POSTs raw bytes to the route with Slack's headers, signed unless told otherwise. */
export function slackPost(base: string, body: string | Buffer, options: PostOptions = {}): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp === undefined ? String(Math.floor(Date.now() / 1000)) : options.timestamp;
  const signature =
    options.signature === undefined
      ? signSlackRequest({ signingSecret: SIGNING_SECRET, timestamp: timestamp ?? "0", rawBody: options.signedBody ?? body })
      : options.signature;
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const headers: Record<string, string | string[]> = {
    "content-type": options.contentType ?? (bytes[0] === 0x7b ? "application/json" : "application/x-www-form-urlencoded"),
    "content-length": String(bytes.length),
    ...(timestamp !== null ? { "x-slack-request-timestamp": timestamp } : {}),
    ...(signature !== null ? { "x-slack-signature": signature } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(`${base}/slack/events`, { method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(bytes);
  });
}

/** How many inbound keys (deduplicated deliveries) the runtime has written. */
export async function inboundKeyCount(test: TestRuntime): Promise<number> {
  const row = await sql<{ n: string | number }>`select count(*) as n from inbound_keys`.execute(test.runtime.database.db);
  return Number(row.rows[0]?.n ?? 0);
}

/** A slash command body as Slack form-encodes it. */
export function slashBody(fields: { text: string; command?: string; channel?: string; user?: string; trigger?: string; team?: string; responseUrl?: string }): string {
  return new URLSearchParams({
    token: "legacy-verification-token",
    team_id: fields.team ?? "T0TEAM",
    team_domain: "apollo",
    channel_id: fields.channel ?? "C0APOLLO",
    channel_name: "apollo",
    user_id: fields.user ?? "U0ALICE",
    user_name: "alice",
    command: fields.command ?? "/rollout",
    text: fields.text,
    api_app_id: "A0APP",
    is_enterprise_install: "false",
    response_url: fields.responseUrl ?? "https://hooks.slack.com/commands/T0TEAM/1/abc",
    trigger_id: fields.trigger ?? `${Date.now()}.${Math.random().toString(36).slice(2)}`,
  }).toString();
}

/** An interactivity body (`payload=<json>`). */
export function interactiveBody(payload: Record<string, unknown>): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A block_actions click on a button carrying `command`. */
export function clickPayload(command: string, options: { channel?: string; user?: string; trigger?: string } = {}): Record<string, unknown> {
  const channel = options.channel ?? "C0APOLLO";
  return {
    type: "block_actions",
    user: { id: options.user ?? "U0ALICE", username: "alice", name: "alice", team_id: "T0TEAM" },
    api_app_id: "A0APP",
    container: { type: "message", message_ts: "1700000000.000100", channel_id: channel, is_ephemeral: false },
    trigger_id: options.trigger ?? `${Date.now()}.click.${Math.random().toString(36).slice(2)}`,
    team: { id: "T0TEAM", domain: "apollo" },
    enterprise: null,
    channel: { id: channel, name: "apollo" },
    response_url: "https://hooks.slack.com/actions/T0TEAM/1/xyz",
    actions: [{ action_id: "cmd_0", block_id: "b", type: "button", value: command, text: { type: "plain_text", text: command }, action_ts: "1700000001.000200" }],
  };
}

/** An Events API message.im callback; with `files`, the file_share message an upload in the DM makes. */
export function dmEvent(text: string, options: { eventId?: string; ts?: string; user?: string; team?: string; channel?: string; files?: Record<string, unknown>[] } = {}): Record<string, unknown> {
  const ts = options.ts ?? `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
  const message = { type: "message", channel: options.channel ?? "D0ALICE", channel_type: "im", user: options.user ?? "U0ALICE", text, ts, event_ts: ts };
  return {
    token: "legacy",
    team_id: options.team ?? "T0TEAM",
    api_app_id: "A0APP",
    type: "event_callback",
    event_id: options.eventId ?? `Ev${ts.replace(".", "")}`,
    event_time: Math.floor(Date.now() / 1000),
    event: options.files ? { ...message, subtype: "file_share", files: options.files, upload: false, display_as_bot: false } : message,
  };
}
