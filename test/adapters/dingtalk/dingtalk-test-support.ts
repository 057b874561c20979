import { readFileSync } from "node:fs";
import { createDingtalkAdapter, type DingtalkAdapterOptions } from "../../../adapters/dingtalk/index.js";
import { parseStreamFrame, type StreamFrame } from "../../../adapters/dingtalk/stream.js";
import type { ChatAdapter } from "../../../src/core/adapter.js";
import { createLogger } from "../../../src/logger.js";

/** The app the fixtures were recorded for (test/fixtures/dingtalk/*.json). */
export const APP = {
  clientId: "dingrobotcodetest001",
  clientSecret: "test-app-secret-0123456789abcdefghijklmnopqrstuv",
  corpId: "ding9f50b15bccd16741",
  groupId: "cidkP3KgFa4Q0b3Lt3zw5ZJjA==",
} as const;

export const silent = createLogger("silent");

/** A recorded Stream frame from test/fixtures/dingtalk/. */
export function frameFixture(name: string): StreamFrame {
  const raw = readFileSync(new URL(`../../fixtures/dingtalk/${name}.json`, import.meta.url), "utf8");
  const frame = parseStreamFrame(raw);
  if (!frame) throw new Error(`${name} is not a Stream frame`);
  return frame;
}

/** The raw JSON of a fixture, to push as-is through the fake gateway. */
export function rawFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../fixtures/dingtalk/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;
}

/** A fixture's data (the robot callback body), with fields replaced. */
export function dataOf(name: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(JSON.parse(frameFixture(name).data) as Record<string, unknown>), ...patch };
}

/** A fixture frame with its data patched and a new messageId. */
export function frameWith(name: string, messageId: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  const raw = rawFixture(name);
  const headers = { ...(raw.headers as Record<string, unknown>), messageId };
  return { ...raw, headers, data: JSON.stringify(dataOf(name, patch)) };
}

/** The adapter for the fixtures' app, with overrides. */
export function testAdapter(overrides: Partial<DingtalkAdapterOptions> = {}): ChatAdapter {
  return createDingtalkAdapter({ clientId: APP.clientId, clientSecret: APP.clientSecret, corpId: APP.corpId, logger: silent, ...overrides });
}
