/** How long a read stays shared: the schedules of one tick run within this (a schedule job much later reads again). */
const SHARED_FOR_MS = 10_000;

/**
 * One read shared by the schedules that run for the same tick moment in this process: the tick runs its schedules
 * side by side, and several of them read the same thing (the active stand-ups, the clocks in use) for the same `to`.
 * The read of the latest moment is kept, for SHARED_FOR_MS at most; a read that fails is not kept.
 */
export function perMoment<T>(read: () => Promise<T>, now: () => number = Date.now): (at: Date) => Promise<T> {
  let last: { at: number; readAt: number; value: Promise<T> } | null = null;
  return (at) => {
    if (last && last.at === at.getTime() && now() - last.readAt < SHARED_FOR_MS) return last.value;
    const value = read();
    const entry = { at: at.getTime(), readAt: now(), value };
    last = entry;
    value.catch(() => {
      if (last === entry) last = null;
    });
    return value;
  };
}
