import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { decodeBase64Strict, decodeUtf8Strict, pkcs7Pad, pkcs7Unpad } from "./codec.js";
import { CryptoError } from "./crypto-error.js";
import { safeEqual } from "./request-check.js";

// WXBizMsgCrypt, the callback encryption shared by WeCom and DingTalk HTTP events.
// WeCom: https://developer.work.weixin.qq.com/document/path/90968 (加解密方案说明)
// DingTalk: https://github.com/open-dingtalk/DingTalk-Callback-Crypto (same scheme, "ownerKey" as receive id)

/** Keys for one callback endpoint; `receiveId` is the id the platform appends to every plaintext. */
export interface WxBizMsgCryptConfig {
  token: string;
  /** The 43-character EncodingAESKey from the console. */
  encodingAesKey: string;
  /** WeCom: corp id / suite id, or "" for internal AI bots. DingTalk: app key, corp id or suite key. */
  receiveId: string;
}

/** The signed query parameters that travel with every callback. */
export interface WxSignedParams {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/** Options for encrypting a passive reply or a test fixture. */
export interface WxEncryptOptions {
  timestamp: string;
  nonce: string;
  /** The 16-byte random prefix; random when omitted (pass it only to reproduce a fixed ciphertext). */
  random16?: Uint8Array;
}

/** An encrypted message and the signature that goes with it. */
export interface WxEncrypted {
  encrypt: string;
  msgSignature: string;
}

/** One endpoint's WXBizMsgCrypt: sign, verify-and-decrypt, encrypt. */
export interface WxBizMsgCrypt {
  /** sha1 hex over token, timestamp, nonce and ciphertext, sorted lexicographically and concatenated. */
  signature(timestamp: string, nonce: string, encrypt: string): string;
  /** Answers the GET URL check: verifies and decrypts `echostr` (as decoded once by the HTTP layer). */
  verifyUrl(params: WxSignedParams & { echostr: string }): string;
  /** Verifies and decrypts a callback's `Encrypt` / `encrypt` field. */
  decrypt(params: WxSignedParams & { encrypt: string }): string;
  /** Encrypts and signs a plaintext (passive replies, fixtures). */
  encrypt(plaintext: string, options: WxEncryptOptions): WxEncrypted;
}

const BLOCK = 32;
const RANDOM_LEN = 16;
const HEADER_LEN = RANDOM_LEN + 4;
const ENCODING_AES_KEY_RE = /^[A-Za-z0-9+/]{43}$/;

/** Builds the AES key (base64(EncodingAESKey + "=")), refusing keys that are not 43 base64 characters. */
function aesKeyFrom(encodingAesKey: string): Buffer {
  if (!ENCODING_AES_KEY_RE.test(encodingAesKey)) {
    throw new CryptoError("bad_key", `EncodingAESKey must be 43 base64 characters (got ${encodingAesKey.length})`);
  }
  return Buffer.from(`${encodingAesKey}=`, "base64");
}

/** Returns at most 64 characters of a value for an error message. */
function excerpt(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/** Creates the WXBizMsgCrypt for one token / EncodingAESKey / receive id triple. */
export function createWxBizMsgCrypt(config: WxBizMsgCryptConfig): WxBizMsgCrypt {
  const { token, receiveId } = config;
  const key = aesKeyFrom(config.encodingAesKey);
  const iv = key.subarray(0, 16);
  const receiveIdBytes = Buffer.from(receiveId, "utf8");

  const signature = (timestamp: string, nonce: string, encrypt: string): string =>
    createHash("sha1").update([token, timestamp, nonce, encrypt].sort().join(""), "utf8").digest("hex");

  const open = (params: WxSignedParams, ciphertextB64: string, field: string): string => {
    if (params.msgSignature.length === 0) throw new CryptoError("bad_signature", "msg_signature is missing");
    const ciphertext = decodeBase64Strict(ciphertextB64, field);
    const expected = signature(params.timestamp, params.nonce, ciphertextB64);
    if (!safeEqual(params.msgSignature, expected)) {
      throw new CryptoError("bad_signature", `msg_signature does not match the ${field} (check the token)`);
    }
    if (ciphertext.length < BLOCK || ciphertext.length % 16 !== 0) {
      throw new CryptoError("bad_length", `${field} decodes to ${ciphertext.length} bytes, not a whole number of AES blocks`);
    }
    const decipher = createDecipheriv("aes-256-cbc", key, iv).setAutoPadding(false);
    const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    const content = pkcs7Unpad(padded, BLOCK);
    if (content.length < HEADER_LEN) throw new CryptoError("bad_length", `${field} plaintext is shorter than its header`);
    const msgLen = content.readUInt32BE(RANDOM_LEN);
    if (HEADER_LEN + msgLen > content.length) {
      throw new CryptoError("bad_length", `${field} declares ${msgLen} message bytes but carries fewer`);
    }
    const trailing = content.subarray(HEADER_LEN + msgLen);
    if (!trailing.equals(receiveIdBytes)) {
      const got = excerpt(trailing.toString("utf8"));
      throw new CryptoError("receive_id_mismatch", `receive id ${got} does not match the configured ${excerpt(receiveId)}`);
    }
    return decodeUtf8Strict(content.subarray(HEADER_LEN, HEADER_LEN + msgLen), field);
  };

  const encrypt = (plaintext: string, options: WxEncryptOptions): WxEncrypted => {
    const random = options.random16 ?? randomBytes(RANDOM_LEN);
    if (random.length !== RANDOM_LEN) throw new RangeError(`random16 must be ${RANDOM_LEN} bytes, got ${random.length}`);
    const message = Buffer.from(plaintext, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(message.length);
    const padded = pkcs7Pad(Buffer.concat([random, length, message, receiveIdBytes]), BLOCK);
    const cipher = createCipheriv("aes-256-cbc", key, iv).setAutoPadding(false);
    const encrypted = Buffer.concat([cipher.update(padded), cipher.final()]).toString("base64");
    return { encrypt: encrypted, msgSignature: signature(options.timestamp, options.nonce, encrypted) };
  };

  return {
    signature,
    verifyUrl: (params) => open(params, params.echostr, "echostr"),
    decrypt: (params) => open(params, params.encrypt, "encrypt"),
    encrypt,
  };
}
