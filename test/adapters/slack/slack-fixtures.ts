import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { InboundEvent } from "../../../src/core/adapter.js";
import { decodeSlackBody, type DecodeContext } from "../../../adapters/slack/inbound.js";
import { parseSlackBody } from "../../../adapters/slack/payload.js";

const DIR = fileURLToPath(new URL("../../fixtures/slack/", import.meta.url));

/** The bot user of the recorded payloads (the `<@U0LAN0Z89>` they mention). */
export const FIXTURE_BOT = "U0LAN0Z89";
export const RECEIVED_AT = "2026-03-02T01:00:00.000Z";

/** A recorded fixture file's text. */
export function fixtureText(name: string): string {
  return readFileSync(DIR + name, "utf8");
}

/** A fixture as the exact body Slack posts: JSON as is, interactive payloads form-encoded as `payload=…`. */
export function fixtureBody(name: string): { body: string; contentType: string } {
  const text = fixtureText(name);
  if (name.endsWith(".txt")) return { body: text, contentType: "application/x-www-form-urlencoded" };
  const type = (JSON.parse(text) as { type?: string }).type;
  if (type === "block_actions" || type === "view_submission") {
    return { body: `payload=${encodeURIComponent(JSON.stringify(JSON.parse(text)))}`, contentType: "application/x-www-form-urlencoded" };
  }
  return { body: text, contentType: "application/json" };
}

/** Parses and decodes a fixture the way the HTTP route does. */
export function decodeFixture(name: string, ctx: Partial<DecodeContext> = {}): InboundEvent | null {
  const { body, contentType } = fixtureBody(name);
  const parsed = parseSlackBody(Buffer.from(body, "utf8"), contentType);
  if (!parsed) throw new Error(`${name} did not parse`);
  return decodeSlackBody(parsed, { botUserId: FIXTURE_BOT, receivedAt: RECEIVED_AT, ...ctx });
}
