import { describe, expect, it } from "vitest";
import { signSlackRequest, verifySlackSignature } from "../../../adapters/slack/crypto.js";
import { field, vectorsFor } from "./crypto-test-support.js";

const vectors = vectorsFor("slack_");

describe.each(vectors)("Slack official vector %s", (_name, v) => {
  const signingSecret = field(v, "signing_secret");
  const timestamp = field(v, "timestamp");
  const rawBody = field(v, "body");
  const signature = field(v, "expected_signature");
  const tsMs = Number(timestamp) * 1000;
  const base = { signingSecret, timestamp, rawBody, signature, nowMs: tsMs };

  it("reproduces the expected signature", () => {
    expect(signSlackRequest({ signingSecret, timestamp, rawBody })).toBe(signature);
    expect(signSlackRequest({ signingSecret, timestamp, rawBody: Buffer.from(rawBody, "utf8") })).toBe(signature);
  });

  it("accepts the request at its own time and at exactly ±300 s", () => {
    expect(verifySlackSignature(base)).toEqual({ ok: true });
    expect(verifySlackSignature({ ...base, nowMs: tsMs + 300_000 })).toEqual({ ok: true });
    expect(verifySlackSignature({ ...base, nowMs: tsMs - 300_000 })).toEqual({ ok: true });
    expect(verifySlackSignature({ ...base, rawBody: new Uint8Array(Buffer.from(rawBody, "utf8")) })).toEqual({ ok: true });
  });

  it("rejects a body with one byte flipped", () => {
    const bytes = Buffer.from(rawBody, "utf8");
    bytes[10] = (bytes[10] ?? 0) ^ 0x01;
    expect(verifySlackSignature({ ...base, rawBody: bytes })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifySlackSignature({ ...base, rawBody: `${rawBody} ` })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects a request 301 s old as stale and 301 s ahead as future", () => {
    expect(verifySlackSignature({ ...base, nowMs: tsMs + 301_000 })).toEqual({ ok: false, reason: "stale" });
    expect(verifySlackSignature({ ...base, nowMs: tsMs - 301_000 })).toEqual({ ok: false, reason: "future" });
  });

  it("honours a custom tolerance", () => {
    expect(verifySlackSignature({ ...base, nowMs: tsMs + 61_000, toleranceSec: 60 })).toEqual({ ok: false, reason: "stale" });
    expect(verifySlackSignature({ ...base, nowMs: tsMs + 59_000, toleranceSec: 60 })).toEqual({ ok: true });
  });

  it("rejects missing or malformed headers", () => {
    expect(verifySlackSignature({ ...base, timestamp: undefined })).toEqual({ ok: false, reason: "missing_header" });
    expect(verifySlackSignature({ ...base, signature: undefined })).toEqual({ ok: false, reason: "missing_header" });
    expect(verifySlackSignature({ ...base, signature: "" })).toEqual({ ok: false, reason: "missing_header" });
    expect(verifySlackSignature({ ...base, timestamp: "" })).toEqual({ ok: false, reason: "missing_header" });
    expect(verifySlackSignature({ ...base, timestamp: "15314206l8" })).toEqual({ ok: false, reason: "missing_header" });
  });

  it("accepts only version v0", () => {
    const v1 = signature.replace(/^v0=/, "v1=");
    expect(verifySlackSignature({ ...base, signature: v1 })).toEqual({ ok: false, reason: "bad_version" });
    expect(verifySlackSignature({ ...base, signature: signature.slice(3) })).toEqual({ ok: false, reason: "bad_version" });
  });

  it("rejects wrong-length and altered signatures without throwing", () => {
    for (const bad of ["v0=", "v0=abc", `${signature}00`, signature.slice(0, -1), `${signature.slice(0, -1)}0`]) {
      expect(verifySlackSignature({ ...base, signature: bad })).toEqual({ ok: false, reason: "bad_signature" });
    }
    expect(verifySlackSignature({ ...base, signature: signature.toUpperCase().replace("V0=", "v0=") })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("rejects the right signature under the wrong secret or timestamp", () => {
    expect(verifySlackSignature({ ...base, signingSecret: `${signingSecret}x` })).toEqual({ ok: false, reason: "bad_signature" });
    const otherTs = String(Number(timestamp) + 1);
    expect(verifySlackSignature({ ...base, timestamp: otherTs })).toEqual({ ok: false, reason: "bad_signature" });
  });
});

describe("signSlackRequest round trip", () => {
  it("verifies a UTF-8 body it signed and no other", () => {
    const rawBody = JSON.stringify({ type: "event_callback", event: { text: "上线清单 ✅" } });
    const timestamp = "1700000000";
    const signature = signSlackRequest({ signingSecret: "s3cret", timestamp, rawBody });
    expect(signature).toMatch(/^v0=[0-9a-f]{64}$/);
    const input = { signingSecret: "s3cret", timestamp, rawBody, signature, nowMs: 1_700_000_000_000 };
    expect(verifySlackSignature(input)).toEqual({ ok: true });
    expect(verifySlackSignature({ ...input, rawBody: rawBody.replace("✅", "❌") })).toEqual({ ok: false, reason: "bad_signature" });
  });
});
