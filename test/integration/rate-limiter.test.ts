import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from "../../src/notify/rate-limiter.js";
import { countRedisKeys, deleteRedisKeys } from "../helpers/cleanup.js";
import { assertServicesPresent, redisUrl, requireServices, uniqueName } from "../helpers/services.js";

// Windows are long (a minute) because the Redis keys also expire in real time (PEXPIRE windowMs): with
// explicit nowMs values and a one-second window a slow machine could lose the log between two calls.
const MINUTE = 60_000;

/** The contract both limiters keep; `make()` gives a fresh limiter over fresh keys each time. */
function rateLimiterContract(make: () => RateLimiter) {
  it("reserves within the limit (returns 0)", async () => {
    const limiter = make();
    const w = [{ key: "within", limit: 3, windowMs: MINUTE }];
    expect(await limiter.reserve(w, 1_000)).toBe(0);
    expect(await limiter.reserve(w, 1_001)).toBe(0);
    expect(await limiter.reserve(w, 1_002)).toBe(0);
  });

  it("over the limit returns the wait until the oldest reservation in the window expires", async () => {
    const limiter = make();
    const w = [{ key: "over", limit: 2, windowMs: MINUTE }];
    expect(await limiter.reserve(w, 10_000)).toBe(0);
    expect(await limiter.reserve(w, 12_000)).toBe(0);
    expect(await limiter.reserve(w, 15_000)).toBe(10_000 + MINUTE - 15_000);
    // A refused reservation takes nothing: the wait is unchanged a moment later.
    expect(await limiter.reserve(w, 16_000)).toBe(10_000 + MINUTE - 16_000);
    // Once the oldest has left the window, one slot frees up (and only one).
    expect(await limiter.reserve(w, 10_000 + MINUTE)).toBe(0);
    expect(await limiter.reserve(w, 10_000 + MINUTE + 1)).toBe(12_000 + MINUTE - (10_000 + MINUTE + 1));
  });

  it("keeps windows with different keys apart", async () => {
    const limiter = make();
    expect(await limiter.reserve([{ key: "a", limit: 1, windowMs: MINUTE }], 5_000)).toBe(0);
    expect(await limiter.reserve([{ key: "b", limit: 1, windowMs: MINUTE }], 5_000)).toBe(0);
    expect(await limiter.reserve([{ key: "a", limit: 1, windowMs: MINUTE }], 5_001)).toBeGreaterThan(0);
  });

  it("reserves several windows all-or-nothing: a full second window does not consume the first", async () => {
    const limiter = make();
    const platform = { key: "platform", limit: 3, windowMs: MINUTE };
    const target = { key: "target", limit: 1, windowMs: MINUTE };
    expect(await limiter.reserve([target], 20_000)).toBe(0);
    // The target window is full, so neither window is taken.
    expect(await limiter.reserve([platform, target], 20_100)).toBe(20_000 + MINUTE - 20_100);
    expect(await limiter.reserve([platform, target], 20_200)).toBe(20_000 + MINUTE - 20_200);
    // Had the refused calls consumed the platform window, it would be full by now.
    expect(await limiter.reserve([platform], 20_300)).toBe(0);
    expect(await limiter.reserve([platform], 20_400)).toBe(0);
    expect(await limiter.reserve([platform], 20_500)).toBe(0);
    expect(await limiter.reserve([platform], 20_600)).toBe(20_300 + MINUTE - 20_600);
  });

  it("answers with the longest wait when several windows are full", async () => {
    const limiter = make();
    const short = { key: "short", limit: 1, windowMs: 10_000 };
    const long = { key: "long", limit: 1, windowMs: MINUTE };
    expect(await limiter.reserve([short, long], 30_000)).toBe(0);
    expect(await limiter.reserve([short, long], 31_000)).toBe(30_000 + MINUTE - 31_000);
  });

  it("reserves nothing and returns 0 for no windows", async () => {
    expect(await make().reserve([], 1)).toBe(0);
  });
}

describe("memory rate limiter", () => {
  rateLimiterContract(() => createMemoryRateLimiter());
});

describe.skipIf(!redisUrl && !requireServices)("redis rate limiter", () => {
  const prefix = `${uniqueName("rl")}:`;
  const clients: Redis[] = [];
  let n = 0;
  const client = (): Redis => {
    const redis = new Redis(redisUrl ?? "redis://127.0.0.1:1", { maxRetriesPerRequest: 2 });
    clients.push(redis);
    return redis;
  };

  beforeAll(() => {
    assertServicesPresent();
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    if (redisUrl) {
      await deleteRedisKeys(redisUrl, prefix);
      expect(await countRedisKeys(redisUrl, prefix)).toBe(0);
    }
  });

  rateLimiterContract(() => createRedisRateLimiter(client(), `${prefix}${++n}:`));

  it("shares state between two limiter instances (two replicas)", async () => {
    const shared = `${prefix}shared:`;
    const one = createRedisRateLimiter(client(), shared);
    const two = createRedisRateLimiter(client(), shared);
    const w = [{ key: "channel-1", limit: 2, windowMs: MINUTE }];
    expect(await one.reserve(w, 40_000)).toBe(0);
    expect(await two.reserve(w, 40_500)).toBe(0);
    expect(await one.reserve(w, 41_000)).toBe(40_000 + MINUTE - 41_000);
    expect(await two.reserve(w, 41_000)).toBe(40_000 + MINUTE - 41_000);
    expect(await two.reserve(w, 40_000 + MINUTE)).toBe(0);
    expect(await one.reserve(w, 40_000 + MINUTE)).toBe(40_500 + MINUTE - (40_000 + MINUTE));
  });

  it("keeps its log in Redis under its prefix, expiring with the window", async () => {
    const own = `${prefix}ttl:`;
    const redis = client();
    const limiter = createRedisRateLimiter(redis, own);
    expect(await limiter.reserve([{ key: "k", limit: 5, windowMs: MINUTE }], Date.now())).toBe(0);
    expect(await redis.zcard(`${own}k`)).toBe(1);
    const ttl = await redis.pttl(`${own}k`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(MINUTE);
  });
});
