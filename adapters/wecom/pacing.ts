import type { Capabilities } from "../../src/core/adapter.js";

/**
 * Room added to every WeCom window. The deliver job reserves a slot a few milliseconds before WeCom sees the
 * request; without a margin, two sends reserved exactly one window apart could arrive less than a window apart
 * (the first one slowed by the database or a token refresh) and WeCom would drop the second one silently.
 */
export const PACING_MARGIN_MS = 1000;

/**
 * The capabilities the deliver job paces by: WeCom's windows times `windowScale` (1 in production; tests
 * shrink the windows with WECOM_RATE_WINDOW_SCALE so that a hundred sends take seconds), plus the margin.
 */
export function pacedCapabilities(caps: Capabilities, windowScale: number): Capabilities {
  return {
    ...caps,
    rateLimits: caps.rateLimits.map((rule) => ({ ...rule, windowMs: Math.max(1, Math.round(rule.windowMs * windowScale)) + PACING_MARGIN_MS })),
  };
}
