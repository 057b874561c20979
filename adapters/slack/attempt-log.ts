import { Redis } from "ioredis";

/**
 * Remembers which idempotency keys a post was attempted for, so that a retry knows to look for the message an
 * earlier attempt may have posted before its answer was lost. Shared through Redis when there are replicas.
 */
export interface AttemptLog {
  /** Marks the key as attempted now; returns when it was first attempted (ms) if it had been, else null. */
  begin(key: string, nowMs: number): Promise<number | null>;
  /** Forgets the key: Slack answered that nothing was posted, so the next attempt needs no look-up. */
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Longer than the deliver job keeps retrying (8 attempts with a 10-minute cap, or a stale "sending" sweep). */
export const ATTEMPT_TTL_MS = 24 * 60 * 60 * 1000;

/** An in-process log (single replica, embedded mode); bounded, oldest keys forgotten first. */
export function createMemoryAttemptLog(maxKeys = 50_000): AttemptLog {
  const firstAt = new Map<string, number>();
  return {
    async begin(key, nowMs) {
      const seen = firstAt.get(key);
      if (seen !== undefined && nowMs - seen < ATTEMPT_TTL_MS) return seen;
      firstAt.delete(key);
      firstAt.set(key, nowMs);
      if (firstAt.size > maxKeys) {
        const oldest = firstAt.keys().next();
        if (!oldest.done) firstAt.delete(oldest.value);
      }
      return null;
    },
    async clear(key) {
      firstAt.delete(key);
    },
    async close() {
      firstAt.clear();
    },
  };
}

/** A log in Redis (`SET NX PX`), seen by every replica: a retry on another replica still looks first. */
export function createRedisAttemptLog(url: string, prefix = "rollout:slack:attempt:"): AttemptLog {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  redis.on("error", () => undefined);
  return {
    async begin(key, nowMs) {
      const set = await redis.set(prefix + key, String(nowMs), "PX", ATTEMPT_TTL_MS, "NX");
      if (set === "OK") return null;
      const seen = Number(await redis.get(prefix + key));
      return Number.isFinite(seen) && seen > 0 ? seen : nowMs;
    },
    async clear(key) {
      await redis.del(prefix + key);
    },
    async close() {
      redis.disconnect();
    },
  };
}
