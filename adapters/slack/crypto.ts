import { createHmac } from "node:crypto";
import { checkFreshness, parseTimestamp, safeEqual } from "../../src/core/crypto/request-check.js";
import type { RequestCheckResult } from "../../src/core/crypto/request-check.js";

// Slack request signing (v0), https://api.slack.com/authentication/verifying-requests-from-slack
// Headers: X-Slack-Request-Timestamp (seconds) and X-Slack-Signature ("v0=" + hex HMAC-SHA256).

/** Why a Slack request was refused. */
export type SlackRejection = "missing_header" | "bad_version" | "stale" | "future" | "bad_signature";

/** Result of verifySlackSignature. */
export type SlackVerifyResult = RequestCheckResult<SlackRejection>;

/** Inputs to verifySlackSignature; header values are `undefined` when the header is absent. */
export interface SlackVerifyInput {
  signingSecret: string;
  /** X-Slack-Request-Timestamp, in seconds. */
  timestamp: string | undefined;
  /** The body exactly as received, before any parsing. */
  rawBody: string | Uint8Array;
  /** X-Slack-Signature. */
  signature: string | undefined;
  nowMs: number;
  /** Allowed clock difference either way, in seconds (default 300). */
  toleranceSec?: number;
}

const VERSION = "v0";

/** Computes the X-Slack-Signature for a request (for fakes and tests). */
export function signSlackRequest(input: { signingSecret: string; timestamp: string; rawBody: string | Uint8Array }): string {
  const hmac = createHmac("sha256", input.signingSecret);
  hmac.update(`${VERSION}:${input.timestamp}:`, "utf8");
  hmac.update(typeof input.rawBody === "string" ? Buffer.from(input.rawBody, "utf8") : input.rawBody);
  return `${VERSION}=${hmac.digest("hex")}`;
}

/** Verifies a Slack request: v0 only, timestamp within ±tolerance of now, constant-time signature compare. */
export function verifySlackSignature(input: SlackVerifyInput): SlackVerifyResult {
  const { timestamp, signature } = input;
  if (timestamp === undefined || timestamp === "" || signature === undefined || signature === "") {
    return { ok: false, reason: "missing_header" };
  }
  if (!signature.startsWith(`${VERSION}=`)) return { ok: false, reason: "bad_version" };
  const tsSec = parseTimestamp(timestamp);
  if (tsSec === null) return { ok: false, reason: "missing_header" };
  const freshness = checkFreshness(tsSec * 1000, input.nowMs, (input.toleranceSec ?? 300) * 1000);
  if (freshness !== null) return { ok: false, reason: freshness };
  const expected = signSlackRequest({ signingSecret: input.signingSecret, timestamp, rawBody: input.rawBody });
  return safeEqual(signature, expected) ? { ok: true } : { ok: false, reason: "bad_signature" };
}
