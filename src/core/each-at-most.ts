/**
 * Runs `run` over `items` in order, at most `limit` at a time: each of `limit` lanes takes the next item as soon as it
 * is free, so one slow item holds back only its own lane. Resolves once every item ran; `run` handles its own errors
 * (a throw rejects the whole call, the other lanes still finish).
 */
export async function eachAtMost<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
}
