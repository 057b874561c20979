import type { ChatAdapter, PlatformId } from "../core/adapter.js";

/** Sends per second a platform allows across the whole workspace (its tightest platform-wide rule); 0 = no limit. */
export function platformRate(adapter: ChatAdapter | undefined): number {
  const rates = (adapter?.capabilities.rateLimits ?? []).filter((r) => r.scope === "platform" && r.limit > 0).map((r) => (r.limit * 1000) / r.windowMs);
  return rates.length > 0 ? Math.min(...rates) : 0;
}

export type Pacer = ReturnType<typeof createPacer>;

/**
 * Spreads a fan-out (a morning's prompts) over time at each platform's rate: every send gets the next free
 * slot as its not-before instant. The deliver job's rate limiter stays the authority; pacing only keeps
 * thousands of deliveries from waking together and fighting over the same slot. Real time, per process.
 */
export function createPacer(rateOf: (platform: PlatformId) => number, now: () => number = Date.now) {
  // Slots a little under the platform's rate, so that queue and network jitter between the limiter's
  // reservation and the request's arrival never fill the platform's own window.
  const HEADROOM = 0.95;
  const nextFree = new Map<PlatformId, number>();
  return {
    /** The instant the next send on this platform may go; undefined when the platform has no limit. */
    slot(platform: PlatformId): Date | undefined {
      const rate = rateOf(platform);
      if (!(rate > 0)) return undefined;
      const at = Math.max(now(), nextFree.get(platform) ?? 0);
      nextFree.set(platform, at + 1000 / (rate * HEADROOM));
      return new Date(at);
    },
  };
}
