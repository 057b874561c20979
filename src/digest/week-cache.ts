/**
 * Figures of whole weeks that are over (the adoption trend), shared by the digests of one schedule run: a project's
 * sponsors and the PM's copy read them once. Previews, `digest send` and the web report read afresh.
 */
export function createWeekCache(ttlMs = 10 * 60_000, max = 2000) {
  const kept = new Map<string, { at: number; value: Promise<unknown> }>();
  return {
    get<T>(key: string, now: Date, load: () => Promise<T>): Promise<T> {
      const hit = kept.get(key);
      if (hit && now.getTime() - hit.at < ttlMs && now.getTime() >= hit.at) return hit.value as Promise<T>;
      const value = load();
      kept.set(key, { at: now.getTime(), value });
      value.catch(() => kept.delete(key));
      if (kept.size > max) kept.delete(kept.keys().next().value!);
      return value;
    },
  };
}

export type WeekCache = ReturnType<typeof createWeekCache>;
