import { timingSafeEqual } from "node:crypto";

/** Why a signed HTTP request was refused; every platform uses a subset of these. */
export type RequestRejection = "missing_header" | "bad_version" | "stale" | "future" | "bad_signature";

/** Outcome of checking one request's signature headers; `R` narrows the reasons a platform can give. */
export type RequestCheckResult<R extends RequestRejection = RequestRejection> = { ok: true } | { ok: false; reason: R };

/** Compares two strings in constant time for equal lengths; a length mismatch returns false without throwing. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) {
    // Burn the same work as a real compare so a length probe learns little, then fail.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** Checks a request timestamp against now: older than `toleranceMs` is stale, further ahead is future. */
export function checkFreshness(timestampMs: number, nowMs: number, toleranceMs: number): "stale" | "future" | null {
  const age = nowMs - timestampMs;
  if (age > toleranceMs) return "stale";
  if (-age > toleranceMs) return "future";
  return null;
}

/** Parses an all-digits timestamp header (seconds or ms, as the platform defines); anything else is null. */
export function parseTimestamp(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,16}$/.test(value)) return null;
  return Number(value);
}
