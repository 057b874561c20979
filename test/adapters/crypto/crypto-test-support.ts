import { createCipheriv, createDecipheriv } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CryptoError } from "../../../src/core/crypto/crypto-error.js";

/** Absolute path of the repo's copy of the shared conformance vectors. */
export const VECTORS_PATH = fileURLToPath(new URL("../../fixtures/conformance/platform-vectors.json", import.meta.url));

/** One vector: string fields only (anything else fails loudly in `field`). */
export type Vector = Readonly<Record<string, unknown>>;

/** All vectors keyed by name, without the `_note`-style metadata keys. */
export function loadVectors(): Record<string, Vector> {
  const parsed: unknown = JSON.parse(readFileSync(VECTORS_PATH, "utf8"));
  if (typeof parsed !== "object" || parsed === null) throw new Error("platform-vectors.json is not an object");
  const out: Record<string, Vector> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (name.startsWith("_")) continue;
    if (typeof value !== "object" || value === null) throw new Error(`vector ${name} is not an object`);
    out[name] = value as Vector;
  }
  return out;
}

/** The vectors whose name starts with `prefix` (e.g. "wecom_"), as [name, vector] pairs; never empty. */
export function vectorsFor(prefix: string): [string, Vector][] {
  const picked = Object.entries(loadVectors()).filter(([name]) => name.startsWith(prefix));
  if (picked.length === 0) throw new Error(`no conformance vectors start with ${prefix}`);
  return picked;
}

/** A required string field of a vector. */
export function field(vector: Vector, name: string): string {
  const value = vector[name];
  if (typeof value !== "string") throw new Error(`vector field ${name} is missing or not a string`);
  return value;
}

/** An optional string field of a vector. */
export function optionalField(vector: Vector, name: string): string | undefined {
  const value = vector[name];
  return typeof value === "string" ? value : undefined;
}

/** Raw AES-256-CBC without padding, written independently of the code under test. */
export function rawAes(mode: "encrypt" | "decrypt", key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const c = mode === "encrypt" ? createCipheriv("aes-256-cbc", key, iv) : createDecipheriv("aes-256-cbc", key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** The WXBizMsgCrypt AES key for a 43-character EncodingAESKey. */
export function wxKey(encodingAesKey: string): Buffer {
  return Buffer.from(`${encodingAesKey}=`, "base64");
}

/** Builds a WXBizMsgCrypt ciphertext from hand-made plaintext bytes (no padding added), for negative tests. */
export function wxSealRaw(encodingAesKey: string, plaintext: Buffer): string {
  const key = wxKey(encodingAesKey);
  return rawAes("encrypt", key, key.subarray(0, 16), plaintext).toString("base64");
}

/** Decrypts a WXBizMsgCrypt ciphertext to its padded plaintext bytes, independently of the code under test. */
export function wxOpenRaw(encodingAesKey: string, encryptB64: string): Buffer {
  const key = wxKey(encodingAesKey);
  return rawAes("decrypt", key, key.subarray(0, 16), Buffer.from(encryptB64, "base64"));
}

/** rand(16) + len(4, BE) + msg + receiveId, unpadded. */
export function wxFrame(random16: Buffer, message: Buffer, receiveId: string, declaredLength = message.length): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(declaredLength);
  return Buffer.concat([random16, length, message, Buffer.from(receiveId, "utf8")]);
}

/** The CryptoError thrown by `fn`, for assertions on its message. */
export function errorOf(fn: () => unknown): CryptoError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CryptoError) return err;
    throw err;
  }
  throw new Error("expected a CryptoError, but the call returned");
}

/** The CryptoError code thrown by `fn`; anything else (a return, another error) fails the test. */
export function codeOf(fn: () => unknown): string {
  return errorOf(fn).code;
}
