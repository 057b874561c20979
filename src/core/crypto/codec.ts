import { CryptoError } from "./crypto-error.js";

// Byte-level helpers shared by the request-crypto schemes: strict base64, PKCS#7, strict UTF-8.

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Explains the usual ways a base64 field gets damaged between the platform and us. */
function base64Hint(value: string): string {
  if (value.includes(" ")) {
    return " (it contains a space: a '+' was probably turned into ' ' by URL-decoding the value twice; decode the query string exactly once)";
  }
  if (/%[0-9A-Fa-f]{2}/.test(value)) return " (it is still percent-encoded; URL-decode the query string once)";
  if (/[\r\n]/.test(value)) return " (it contains a line break)";
  if (/[-_]/.test(value)) return " (it uses the URL-safe alphabet; the platforms send standard base64)";
  return "";
}

/** Decodes standard, padded base64 and refuses anything else (Node's own decoder silently skips bad characters). */
export function decodeBase64Strict(value: string, what: string): Buffer {
  if (value.length === 0 || value.length % 4 !== 0 || !BASE64_RE.test(value)) {
    throw new CryptoError("bad_base64", `${what} is not valid base64${base64Hint(value)}`);
  }
  return Buffer.from(value, "base64");
}

/** Appends PKCS#7 padding up to a multiple of `blockSize` (1..255); a full block is added when already aligned. */
export function pkcs7Pad(data: Uint8Array, blockSize: number): Buffer {
  const pad = blockSize - (data.length % blockSize);
  return Buffer.concat([data, Buffer.alloc(pad, pad)]);
}

/** Strips PKCS#7 padding, refusing a pad byte of 0, above `blockSize`, longer than the data, or not repeated. */
export function pkcs7Unpad(data: Buffer, blockSize: number): Buffer {
  const pad = data[data.length - 1];
  if (pad === undefined || pad === 0 || pad > blockSize || pad > data.length) {
    throw new CryptoError("bad_padding", `bad PKCS#7 padding: pad byte ${String(pad)} is outside 1..${blockSize}`);
  }
  for (let i = data.length - pad; i < data.length; i++) {
    if (data[i] !== pad) throw new CryptoError("bad_padding", "bad PKCS#7 padding: pad bytes differ");
  }
  return data.subarray(0, data.length - pad);
}

/** Decodes UTF-8 exactly (BOM kept), refusing invalid sequences instead of returning replacement characters. */
export function decodeUtf8Strict(data: Uint8Array, what: string): string {
  try {
    return UTF8.decode(data);
  } catch {
    throw new CryptoError("bad_plaintext", `${what} is not valid UTF-8`);
  }
}
