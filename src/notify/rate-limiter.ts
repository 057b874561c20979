import type { Redis } from "ioredis";

/** One window to respect: at most `limit` sends per `windowMs` under `key`. */
export interface RateWindow {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * Reserves a send slot in every window at once, or none: returns 0 when reserved, otherwise how many
 * milliseconds to wait before the tightest window has room.
 */
export interface RateLimiter {
  reserve(windows: RateWindow[], nowMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Sliding-window log in process memory (embedded mode, a single replica). */
export function createMemoryRateLimiter(): RateLimiter {
  const logs = new Map<string, number[]>();
  return {
    async reserve(windows, nowMs) {
      let wait = 0;
      for (const w of windows) {
        const log = (logs.get(w.key) ?? []).filter((at) => at > nowMs - w.windowMs);
        logs.set(w.key, log);
        if (log.length >= w.limit) wait = Math.max(wait, (log[log.length - w.limit] ?? nowMs) + w.windowMs - nowMs);
      }
      if (wait > 0) return wait;
      for (const w of windows) logs.get(w.key)?.push(nowMs);
      return 0;
    },
    async close() {
      logs.clear();
    },
  };
}

// KEYS: one per window; ARGV: now, then limit and window per key, then a unique member.
const RESERVE_SCRIPT = `
local now = tonumber(ARGV[1])
local member = ARGV[#ARGV]
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[i * 2])
  local window = tonumber(ARGV[i * 2 + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local edge = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    local w = tonumber(edge[2]) + window - now
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, tonumber(ARGV[i * 2 + 1]))
end
return 0
`;

/** The same sliding-window log in Redis, atomic across replicas (one Lua script per reservation). */
export function createRedisRateLimiter(redis: Redis, prefix = "rollout:rate:"): RateLimiter {
  let counter = 0;
  return {
    async reserve(windows, nowMs) {
      if (windows.length === 0) return 0;
      const args: (string | number)[] = [nowMs];
      for (const w of windows) args.push(w.limit, w.windowMs);
      args.push(`${nowMs}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`);
      const result = await redis.eval(RESERVE_SCRIPT, windows.length, ...windows.map((w) => prefix + w.key), ...args);
      return Number(result);
    },
    async close() {},
  };
}
