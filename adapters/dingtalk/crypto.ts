import { createHmac, randomInt } from "node:crypto";
import { checkFreshness, parseTimestamp, safeEqual } from "../../src/core/crypto/request-check.js";
import type { RequestCheckResult } from "../../src/core/crypto/request-check.js";
import { createWxBizMsgCrypt } from "../../src/core/crypto/wx-biz-msg-crypt.js";
import type { WxBizMsgCrypt } from "../../src/core/crypto/wx-biz-msg-crypt.js";

// Robot HTTP callback: headers `timestamp` (ms) and `sign` = base64(HmacSHA256(appSecret, timestamp + "\n" + appSecret)).
// https://open.dingtalk.com/document/orgapp/receive-message

/** Why a DingTalk robot callback was refused. */
export type DingtalkRobotRejection = "missing_header" | "stale" | "future" | "bad_signature";

/** Result of verifyDingtalkRobotRequest. */
export type DingtalkRobotVerifyResult = RequestCheckResult<DingtalkRobotRejection>;

/** Computes the robot callback `sign` header for a millisecond timestamp. */
export function dingtalkRobotSign(timestamp: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(`${timestamp}\n${appSecret}`, "utf8").digest("base64");
}

/** Verifies a robot callback: |now − timestamp| ≤ toleranceMs (default 1 h) and a constant-time `sign` compare. */
export function verifyDingtalkRobotRequest(input: {
  appSecret: string;
  /** The `timestamp` header, in milliseconds. */
  timestamp: string | undefined;
  /** The `sign` header. */
  sign: string | undefined;
  nowMs: number;
  toleranceMs?: number;
}): DingtalkRobotVerifyResult {
  const { timestamp, sign } = input;
  if (!timestamp || !sign) return { ok: false, reason: "missing_header" };
  const tsMs = parseTimestamp(timestamp);
  if (tsMs === null) return { ok: false, reason: "missing_header" };
  const freshness = checkFreshness(tsMs, input.nowMs, input.toleranceMs ?? 3_600_000);
  if (freshness !== null) return { ok: false, reason: freshness };
  return safeEqual(sign, dingtalkRobotSign(timestamp, input.appSecret)) ? { ok: true } : { ok: false, reason: "bad_signature" };
}

// HTTP event subscription ("DingCallbackCrypto") is WXBizMsgCrypt with the owner key as receive id.
// https://github.com/open-dingtalk/DingTalk-Callback-Crypto (README: query msg_signature|signature,
// timeStamp|timestamp, nonce; JSON body {"encrypt"}; reply getEncryptedMap("success")).

/** The signed parameters of one DingTalk event callback. */
export interface DingtalkCallbackParams {
  msgSignature: string;
  /** Milliseconds, as a string; it is signed as sent. */
  timestamp: string;
  nonce: string;
  encrypt: string;
}

/** The JSON body DingTalk expects back; note the spellings `msg_signature` and `timeStamp`. */
export interface DingtalkEncryptedReply {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

/** Options for an encrypted reply; nonce and random prefix are random when omitted. */
export interface DingtalkReplyOptions {
  nowMs: number;
  nonce?: string;
  random16?: Uint8Array;
}

/** One app's event-callback crypto. */
export interface DingtalkEventCrypto {
  /** The shared WXBizMsgCrypt underneath (receive id = owner key). */
  readonly crypt: WxBizMsgCrypt;
  /** Verifies and decrypts a callback to its JSON text (e.g. `{"EventType":"check_url"}`). */
  decrypt(params: DingtalkCallbackParams): string;
  /** Encrypts any plaintext into the reply map. */
  encryptReply(plaintext: string, options: DingtalkReplyOptions): DingtalkEncryptedReply;
  /** The encrypted "success" every callback (check_url included) must be answered with. */
  successReply(options: DingtalkReplyOptions): DingtalkEncryptedReply;
}

const NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A 16-character alphanumeric nonce, as DingTalk's own libraries produce. */
function randomNonce(): string {
  let nonce = "";
  for (let i = 0; i < 16; i++) nonce += NONCE_CHARS[randomInt(NONCE_CHARS.length)] ?? "0";
  return nonce;
}

/** First string value of a query parameter (frameworks give string | string[] | undefined). */
function firstString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

/** Picks the signed fields from a decoded query and parsed JSON body, accepting both spellings; null if any is missing. */
export function readDingtalkCallbackParams(query: Readonly<Record<string, unknown>>, body: unknown): DingtalkCallbackParams | null {
  const msgSignature = firstString(query["msg_signature"]) ?? firstString(query["signature"]);
  const timestamp = firstString(query["timeStamp"]) ?? firstString(query["timestamp"]);
  const nonce = firstString(query["nonce"]);
  const encrypt = typeof body === "object" && body !== null && "encrypt" in body ? body.encrypt : undefined;
  if (!msgSignature || !timestamp || !nonce || typeof encrypt !== "string" || encrypt === "") return null;
  return { msgSignature, timestamp, nonce, encrypt };
}

/** Creates the event-callback crypto; `ownerKey` is the app key (self-built app event subscription), corp id or suite key. */
export function createDingtalkEventCrypto(config: { token: string; aesKey: string; ownerKey: string }): DingtalkEventCrypto {
  const crypt = createWxBizMsgCrypt({ token: config.token, encodingAesKey: config.aesKey, receiveId: config.ownerKey });
  const encryptReply = (plaintext: string, options: DingtalkReplyOptions): DingtalkEncryptedReply => {
    const timeStamp = String(Math.trunc(options.nowMs));
    const nonce = options.nonce ?? randomNonce();
    const sealed = crypt.encrypt(plaintext, { timestamp: timeStamp, nonce, random16: options.random16 });
    return { msg_signature: sealed.msgSignature, timeStamp, nonce, encrypt: sealed.encrypt };
  };
  return {
    crypt,
    decrypt: (params) => crypt.decrypt(params),
    encryptReply,
    successReply: (options) => encryptReply("success", options),
  };
}
