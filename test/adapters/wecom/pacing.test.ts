import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWecomClient } from "../../../adapters/wecom/client.js";
import { PACING_MARGIN_MS } from "../../../adapters/wecom/pacing.js";
import type { ChatAdapter } from "../../../src/core/adapter.js";
import { plain } from "../../../src/core/message.js";
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from "../../../src/notify/rate-limiter.js";
import { createSendSlots } from "../../../src/notify/send-slots.js";
import type { DeliveryTarget } from "../../../src/notify/target.js";
import { deleteRedisKeys } from "../../helpers/cleanup.js";
import { startFakeWecomApi, type FakeWecomApi } from "../../helpers/fake-wecom-api.js";
import { assertServicesPresent, redisUrl, uniqueName } from "../../helpers/services.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, testAdapter } from "./wecom-test-support.js";

// WeCom drops app messages beyond 30 per minute and 1000 per hour per member while answering errcode 0
// (path/90236, PLATFORMS.md). The rule is checked on the slots the deliver job reserves, on a virtual clock, so the
// answer is the same on a loaded machine as on an idle one; arrival times at a fake server are not (see the last test).
const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);

/** The most slots that fall in any window [t, t + windowMs) of a sorted list. */
function busiestWindow(slots: number[], windowMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < slots.length; last++) {
    while ((slots[last] ?? 0) - (slots[first] ?? 0) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * Sends `count` messages to one member the way the deliver job does: take a slot; when told to wait, come back after
 * exactly that wait (the job is requeued with that delay). Alternates the two ways to address the member. Returns the
 * virtual instants at which slots were granted.
 */
async function slotTimes(limiter: RateLimiter, adapter: ChatAdapter, count: number): Promise<number[]> {
  let now = T0;
  const slots = createSendSlots(limiter, () => now);
  const byUser: DeliveryTarget = { type: "direct", platform: "wecom", tenantRef: APP.corpId, userId: "zhangsan" };
  const byDm: DeliveryTarget = { type: "conversation", conversation: { platform: "wecom", tenantId: APP.corpId, conversationId: "zhangsan", kind: "direct" } };
  const granted: number[] = [];
  for (let i = 0; i < count; i++) {
    for (;;) {
      const wait = await slots.reserve(adapter, i % 2 === 0 ? byUser : byDm);
      if (wait === 0) break;
      expect(wait).toBeGreaterThan(0);
      now += wait;
    }
    granted.push(now);
  }
  return granted;
}

describe("busiestWindow (the measure the pacing assertions use)", () => {
  it("counts the fullest half-open window", () => {
    expect(busiestWindow([0, 0, 0, 10, 20], 10)).toBe(3);
    expect(busiestWindow([0, 5, 9, 10, 14], 10)).toBe(4);
    expect(busiestWindow([], 10)).toBe(0);
  });
});

describe("WeCom pacing per member: the slots the deliver job reserves", () => {
  assertServicesPresent();
  const prefix = `${uniqueName("rbpace")}:`;
  let redis: Redis | undefined;
  const limiters: [string, () => RateLimiter][] = [["in memory", createMemoryRateLimiter]];
  const url = redisUrl;
  if (url) limiters.push(["in Redis", () => createRedisRateLimiter((redis ??= new Redis(url)), prefix)]);

  afterAll(async () => {
    redis?.disconnect();
    if (redisUrl) await deleteRedisKeys(redisUrl, prefix);
  });

  it.each(limiters)("never more than 30 in a minute or 1000 in an hour, and no slower than that (%s)", async (_name, makeLimiter) => {
    const limiter = makeLimiter();
    const slots = await slotTimes(limiter, testAdapter({ apiUrl: "http://127.0.0.1:9/cgi-bin" }), 1_100);
    await limiter.close();

    // The rule itself, whichever way the member was addressed (a DM by conversation id counts against the person).
    expect(busiestWindow(slots, MINUTE)).toBe(30);
    expect(busiestWindow(slots, HOUR)).toBe(1000);
    // With the margin that absorbs the time between taking a slot and WeCom receiving the message.
    expect(busiestWindow(slots, MINUTE + PACING_MARGIN_MS)).toBe(30);
    expect(busiestWindow(slots, HOUR + PACING_MARGIN_MS)).toBe(1000);
    // Not slower than the rule needs: 30 at once, the 31st a minute (plus margin) later, the 1001st an hour after the first.
    expect(slots.slice(0, 30).every((at) => at === T0)).toBe(true);
    expect((slots[30] ?? 0) - T0).toBe(MINUTE + PACING_MARGIN_MS);
    expect((slots[1000] ?? 0) - T0).toBe(HOUR + PACING_MARGIN_MS);
  });
});

describe("the fake WeCom API", () => {
  it("drops what exceeds the cap silently, answering errcode 0 (so success cannot be read from the answer)", async () => {
    let now = T0;
    const strict = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret, now: () => now });
    try {
      const client = createWecomClient({ apiUrl: strict.url, corpId: APP.corpId, secret: APP.secret });
      const send = (i: number) => client.post("message/send", { touser: "control", agentid: 1, msgtype: "text", text: { content: `${i}` } });
      const answers = [];
      for (let i = 0; i < 31; i++) answers.push(await send(i));
      expect(answers.every((a) => a.errcode === 0)).toBe(true);
      expect(strict.deliveredTo("control")).toHaveLength(30);
      expect(strict.dropped.filter((d) => d.userId === "control")).toHaveLength(1);
      now += MINUTE; // a sliding window, not a total

      await send(31);
      expect(strict.deliveredTo("control")).toHaveLength(31);
    } finally {
      await strict.close();
    }
  });
});

describe("WeCom pacing per member: through the deliver job", () => {
  // The runtime's windows are scaled by 0.01 (30 per 600 ms, plus the 1 s margin) so that a hundred sends take seconds.
  const SCALE = 0.01;
  let fake: FakeWecomApi;
  let bot: TestRuntime;

  beforeAll(async () => {
    fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret, windowScale: SCALE });
    bot = await startTestRuntime({ adapters: [testAdapter({ apiUrl: fake.url, rateWindowScale: SCALE })], env: { DEMO_SEED: "false" } });
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  it("100 messages queued at once to one member each reach WeCom exactly once, after the deliver job waited for slots", async () => {
    const notify = bot.runtime.services.notify;
    const queuedAt = Date.now();
    // Half addressed to the person, half to the DM conversation: both must count against the same member's window.
    const dm = { platform: "wecom" as const, tenantId: APP.corpId, conversationId: "zhangsan", kind: "direct" as const };
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? notify.toUser("wecom", APP.corpId, "zhangsan", plain(`nag #${i}`), { key: `pace-${i}` })
          : notify.toConversation(dm, plain(`nag #${i}`), { key: `pace-${i}` }),
      ),
    );
    const reached = () => [...fake.deliveredTo("zhangsan"), ...fake.dropped.filter((d) => d.userId === "zhangsan")];
    await waitFor(() => reached().length >= 100, { what: "100 messages to reach the fake", timeoutMs: 90_000, intervalMs: 100 });
    expect(new Set(reached().map((d) => JSON.stringify(d.body))).size).toBe(100);
    expect(reached()).toHaveLength(100);
    // The deliver job waited for slots: the last ten cannot have a slot before the fourth paced window (unpaced, the
    // hundred arrive within a second or two). A slow machine only makes this later. Which addressing forms share a window is
    // asserted on slot times above. Whether the fake dropped any is not asserted: that compares arrival times, which a
    // loaded machine can shift by more than the margin against a 0.6 s window.
    const pacedWindowMs = Math.round(MINUTE * SCALE) + PACING_MARGIN_MS;
    expect(Math.max(...reached().map((d) => d.at)) - queuedAt).toBeGreaterThanOrEqual(3 * pacedWindowMs);
  }, 120_000);
});
