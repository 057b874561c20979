/** A bounded set of ids seen in the last `ttlMs` (this replica only; the ingest key is the cross-replica dedupe). */
export interface RecentIds {
  /** Remembers `id`; false when it was already seen within the window. */
  add(id: string, nowMs: number): boolean;
  /** Forgets `id` (its handling failed, so a retry must pass). */
  delete(id: string): void;
}

/** Creates the set; past `max` entries the oldest are dropped first. */
export function createRecentIds(ttlMs: number, max = 50_000): RecentIds {
  const seen = new Map<string, number>(); // id → expires at; insertion order = expiry order (fixed ttl)
  const prune = (nowMs: number): void => {
    for (const [id, expires] of seen) {
      if (expires > nowMs && seen.size <= max) break;
      seen.delete(id);
    }
  };
  return {
    add(id, nowMs) {
      prune(nowMs);
      const expires = seen.get(id);
      if (expires !== undefined && expires > nowMs) return false;
      seen.delete(id);
      seen.set(id, nowMs + ttlMs);
      return true;
    },
    delete(id) {
      seen.delete(id);
    },
  };
}
