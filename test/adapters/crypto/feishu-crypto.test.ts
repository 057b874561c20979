import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptFeishu, encryptFeishu, feishuSignature, verifyFeishuRequest } from "../../../adapters/feishu/crypto.js";
import { codeOf, field, optionalField, rawAes, vectorsFor } from "./crypto-test-support.js";

const vectors = vectorsFor("feishu_");

describe.each(vectors)("Feishu official vector %s", (_name, v) => {
  const encryptKey = field(v, "encrypt_key");
  const encrypt = optionalField(v, "encrypt");
  const expected = optionalField(v, "expected_plaintext");

  it("has a shape this suite knows how to check", () => {
    expect(encrypt !== undefined && expected !== undefined, "add a branch for this new vector shape").toBe(true);
  });

  it.runIf(encrypt !== undefined && expected !== undefined)("decrypts to the expected plaintext", () => {
    expect(decryptFeishu(encryptKey, encrypt ?? "")).toBe(expected);
  });

  it.runIf(encrypt !== undefined && expected !== undefined)("re-encrypts to the identical blob given the same IV", () => {
    const iv = Buffer.from(encrypt ?? "", "base64").subarray(0, 16);
    expect(encryptFeishu(encryptKey, expected ?? "", iv)).toBe(encrypt);
  });

  it.runIf(encrypt !== undefined)("refuses the blob under a wrong key", () => {
    expect(["bad_padding", "bad_plaintext"]).toContain(codeOf(() => decryptFeishu(`${encryptKey}!`, encrypt ?? "")));
    expect(["bad_padding", "bad_plaintext"]).toContain(codeOf(() => decryptFeishu("", encrypt ?? "")));
  });

  it.runIf(encrypt !== undefined)("refuses a '+'→' ' damaged blob as bad base64", () => {
    const damaged = (encrypt ?? "").replaceAll("+", " ");
    expect(damaged).not.toBe(encrypt);
    expect(codeOf(() => decryptFeishu(encryptKey, damaged))).toBe("bad_base64");
  });
});

describe("Feishu decrypt: malformed blobs", () => {
  const key = createHash("sha256").update("test key").digest();
  const iv = Buffer.alloc(16, 7);
  const seal = (block: Buffer): string => Buffer.concat([iv, rawAes("encrypt", key, iv, block)]).toString("base64");

  it("accepts correct PKCS#7 (sanity check of the hand-built blob)", () => {
    const block = Buffer.concat([Buffer.from("hello"), Buffer.alloc(11, 11)]);
    expect(decryptFeishu("test key", seal(block))).toBe("hello");
  });

  it("refuses pad byte 0", () => {
    const block = Buffer.concat([Buffer.from("hello world!!!!"), Buffer.from([0])]);
    expect(codeOf(() => decryptFeishu("test key", seal(block)))).toBe("bad_padding");
  });

  it("refuses a pad byte above the 16-byte block", () => {
    const block = Buffer.concat([Buffer.from("hello world!!!!"), Buffer.from([17])]);
    expect(codeOf(() => decryptFeishu("test key", seal(block)))).toBe("bad_padding");
  });

  it("refuses pad bytes that are not all equal", () => {
    const block = Buffer.concat([Buffer.from("hello world!"), Buffer.from([4, 3, 4, 4])]);
    expect(codeOf(() => decryptFeishu("test key", seal(block)))).toBe("bad_padding");
  });

  it("refuses a blob that is only an IV, or not whole blocks", () => {
    expect(codeOf(() => decryptFeishu("test key", iv.toString("base64")))).toBe("bad_length");
    expect(codeOf(() => decryptFeishu("test key", Buffer.alloc(40).toString("base64")))).toBe("bad_length");
  });

  it("refuses invalid UTF-8 rather than returning replacement characters", () => {
    const block = Buffer.concat([Buffer.from([0xff, 0xfe, 0x41]), Buffer.alloc(13, 13)]);
    expect(codeOf(() => decryptFeishu("test key", seal(block)))).toBe("bad_plaintext");
  });

  it("round-trips Chinese text with a random IV", () => {
    const text = JSON.stringify({ challenge: "挑战", type: "url_verification" });
    const a = encryptFeishu("另一个密钥", text);
    const b = encryptFeishu("另一个密钥", text);
    expect(a).not.toBe(b);
    expect(decryptFeishu("另一个密钥", a)).toBe(text);
    expect(decryptFeishu("另一个密钥", b)).toBe(text);
  });
});

describe("Feishu request signature", () => {
  const encryptKey = "test key";
  const rawBody = '{"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="}';
  const timestamp = "1700000000";
  const nonce = "r4nd0m";
  // Computed independently with Python: hashlib.sha256(b"1700000000" + b"r4nd0m" + b"test key" + body).hexdigest()
  const signature = "f154a72deb9caaf8aef5cb0932b610b82ea6857124cd8fc1a181b2bd370f4284";
  const nowMs = 1_700_000_000_000;
  const base = { encryptKey, timestamp, nonce, rawBody, signature, nowMs };

  it("computes hex sha256 over timestamp + nonce + key + raw body", () => {
    expect(feishuSignature(timestamp, nonce, encryptKey, rawBody)).toBe(signature);
    expect(feishuSignature(timestamp, nonce, encryptKey, Buffer.from(rawBody))).toBe(signature);
  });

  it("accepts a genuine request, also at exactly ±300 s", () => {
    expect(verifyFeishuRequest(base)).toEqual({ ok: true });
    expect(verifyFeishuRequest({ ...base, nowMs: nowMs + 300_000 })).toEqual({ ok: true });
    expect(verifyFeishuRequest({ ...base, nowMs: nowMs - 300_000 })).toEqual({ ok: true });
  });

  it("rejects a tampered body, including a re-serialised one", () => {
    expect(verifyFeishuRequest({ ...base, rawBody: rawBody.replace("P37w", "P37W") })).toEqual({ ok: false, reason: "bad_signature" });
    const reserialised = JSON.stringify(JSON.parse(rawBody), null, 1);
    expect(verifyFeishuRequest({ ...base, rawBody: reserialised })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects stale and future timestamps", () => {
    expect(verifyFeishuRequest({ ...base, nowMs: nowMs + 301_000 })).toEqual({ ok: false, reason: "stale" });
    expect(verifyFeishuRequest({ ...base, nowMs: nowMs - 301_000 })).toEqual({ ok: false, reason: "future" });
  });

  it("rejects a wrong key, nonce or signature length", () => {
    expect(verifyFeishuRequest({ ...base, encryptKey: "test kez" })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyFeishuRequest({ ...base, nonce: "r4nd0n" })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyFeishuRequest({ ...base, signature: signature.slice(0, 40) })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects missing headers", () => {
    expect(verifyFeishuRequest({ ...base, timestamp: undefined })).toEqual({ ok: false, reason: "missing_header" });
    expect(verifyFeishuRequest({ ...base, nonce: undefined })).toEqual({ ok: false, reason: "missing_header" });
    expect(verifyFeishuRequest({ ...base, signature: undefined })).toEqual({ ok: false, reason: "missing_header" });
    expect(verifyFeishuRequest({ ...base, timestamp: "soon" })).toEqual({ ok: false, reason: "missing_header" });
  });
});
