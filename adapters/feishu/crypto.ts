import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { decodeBase64Strict, decodeUtf8Strict, pkcs7Pad, pkcs7Unpad } from "../../src/core/crypto/codec.js";
import { CryptoError } from "../../src/core/crypto/crypto-error.js";
import { checkFreshness, parseTimestamp, safeEqual } from "../../src/core/crypto/request-check.js";
import type { RequestCheckResult } from "../../src/core/crypto/request-check.js";

// Feishu / Lark webhook Encrypt Key: AES-256-CBC, key = sha256(EncryptKey), random IV prepended, PKCS#7;
// X-Lark-Signature = hex(sha256(timestamp + nonce + encryptKey + rawBody)).
// https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case

/** Why a Feishu request was refused. */
export type FeishuRejection = "missing_header" | "stale" | "future" | "bad_signature";

/** Result of verifyFeishuRequest. */
export type FeishuVerifyResult = RequestCheckResult<FeishuRejection>;

/** Inputs to verifyFeishuRequest; header values are `undefined` when the header is absent. */
export interface FeishuVerifyInput {
  encryptKey: string;
  /** X-Lark-Request-Timestamp, in seconds. */
  timestamp: string | undefined;
  /** X-Lark-Request-Nonce. */
  nonce: string | undefined;
  /** The body exactly as received; never a re-serialised object. */
  rawBody: string | Uint8Array;
  /** X-Lark-Signature. */
  signature: string | undefined;
  nowMs: number;
  /** Allowed clock difference either way, in seconds (default 300). */
  toleranceSec?: number;
}

const AES_BLOCK = 16;

/** The AES key: the 32 raw bytes of sha256(EncryptKey). */
function feishuKey(encryptKey: string): Buffer {
  return createHash("sha256").update(encryptKey, "utf8").digest();
}

/** Decrypts the `encrypt` field of a Feishu webhook body to its JSON text. */
export function decryptFeishu(encryptKey: string, encryptB64: string): string {
  const blob = decodeBase64Strict(encryptB64, "encrypt");
  if (blob.length < 2 * AES_BLOCK || blob.length % AES_BLOCK !== 0) {
    throw new CryptoError("bad_length", `encrypt decodes to ${blob.length} bytes; expected a 16-byte IV plus whole blocks`);
  }
  const decipher = createDecipheriv("aes-256-cbc", feishuKey(encryptKey), blob.subarray(0, AES_BLOCK));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(blob.subarray(AES_BLOCK)), decipher.final()]);
  return decodeUtf8Strict(pkcs7Unpad(padded, AES_BLOCK), "encrypt");
}

/** Encrypts a plaintext the way Feishu does (for fakes and tests); `iv` is random when omitted. */
export function encryptFeishu(encryptKey: string, plaintext: string, iv?: Uint8Array): string {
  const ivBytes = iv ?? randomBytes(AES_BLOCK);
  if (ivBytes.length !== AES_BLOCK) throw new RangeError(`iv must be ${AES_BLOCK} bytes, got ${ivBytes.length}`);
  const cipher = createCipheriv("aes-256-cbc", feishuKey(encryptKey), ivBytes).setAutoPadding(false);
  const padded = pkcs7Pad(Buffer.from(plaintext, "utf8"), AES_BLOCK);
  return Buffer.concat([ivBytes, cipher.update(padded), cipher.final()]).toString("base64");
}

/** Computes X-Lark-Signature: hex sha256 over timestamp + nonce + encryptKey + raw body bytes. */
export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string | Uint8Array): string {
  const hash = createHash("sha256").update(`${timestamp}${nonce}${encryptKey}`, "utf8");
  hash.update(typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody);
  return hash.digest("hex");
}

/** Verifies a Feishu webhook request: timestamp within ±tolerance of now, constant-time signature compare. */
export function verifyFeishuRequest(input: FeishuVerifyInput): FeishuVerifyResult {
  const { timestamp, nonce, signature } = input;
  if (!timestamp || !nonce || !signature) return { ok: false, reason: "missing_header" };
  const tsSec = parseTimestamp(timestamp);
  if (tsSec === null) return { ok: false, reason: "missing_header" };
  const freshness = checkFreshness(tsSec * 1000, input.nowMs, (input.toleranceSec ?? 300) * 1000);
  if (freshness !== null) return { ok: false, reason: freshness };
  const expected = feishuSignature(timestamp, nonce, input.encryptKey, input.rawBody);
  return safeEqual(signature, expected) ? { ok: true } : { ok: false, reason: "bad_signature" };
}
