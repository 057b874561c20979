import { describe, expect, it } from "vitest";
import {
  createDingtalkEventCrypto,
  dingtalkRobotSign,
  readDingtalkCallbackParams,
  verifyDingtalkRobotRequest,
} from "../../../adapters/dingtalk/crypto.js";
import { codeOf, field, vectorsFor, wxOpenRaw } from "./crypto-test-support.js";

const vectors = vectorsFor("dingtalk_");

describe.each(vectors)("DingTalk official vector %s", (_name, v) => {
  const config = { token: field(v, "token"), aesKey: field(v, "aes_key"), ownerKey: field(v, "owner_key") };
  const params = {
    msgSignature: field(v, "msg_signature"),
    timestamp: field(v, "timestamp"),
    nonce: field(v, "nonce"),
    encrypt: field(v, "encrypt"),
  };
  const expected = field(v, "expected_plaintext");
  const events = createDingtalkEventCrypto(config);

  it("reproduces msg_signature over the millisecond timeStamp", () => {
    expect(params.timestamp).toMatch(/^\d{13}$/);
    expect(events.crypt.signature(params.timestamp, params.nonce, params.encrypt)).toBe(params.msgSignature);
  });

  it("decrypts to the expected event JSON", () => {
    expect(events.decrypt(params)).toBe(expected);
  });

  it("reads the same parameters from either query spelling", () => {
    const body = { encrypt: params.encrypt };
    const official = { msg_signature: params.msgSignature, timeStamp: params.timestamp, nonce: params.nonce };
    const legacy = { signature: [params.msgSignature], timestamp: params.timestamp, nonce: params.nonce };
    expect(readDingtalkCallbackParams(official, body)).toEqual(params);
    expect(readDingtalkCallbackParams(legacy, body)).toEqual(params);
    const read = readDingtalkCallbackParams(official, body);
    expect(read === null ? null : events.decrypt(read)).toBe(expected);
    expect(readDingtalkCallbackParams({ ...official, nonce: undefined }, body)).toBeNull();
    expect(readDingtalkCallbackParams(official, { encrypt: 42 })).toBeNull();
    expect(readDingtalkCallbackParams(official, null)).toBeNull();
  });

  it("re-encrypts to the identical ciphertext given the same random prefix", () => {
    const random16 = wxOpenRaw(config.aesKey, params.encrypt).subarray(0, 16);
    const reply = events.encryptReply(expected, { nowMs: Number(params.timestamp), nonce: params.nonce, random16 });
    expect(reply).toEqual({ msg_signature: params.msgSignature, timeStamp: params.timestamp, nonce: params.nonce, encrypt: params.encrypt });
  });

  it("rejects the wrong owner key (e.g. corp id configured where the app key is expected)", () => {
    const other = createDingtalkEventCrypto({ ...config, ownerKey: "dingothersuitekey" });
    expect(codeOf(() => other.decrypt(params))).toBe("receive_id_mismatch");
  });

  it("rejects a wrong token and a tampered encrypt", () => {
    expect(codeOf(() => createDingtalkEventCrypto({ ...config, token: "mryuf" }).decrypt(params))).toBe("bad_signature");
    const tampered = params.encrypt.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    expect(codeOf(() => events.decrypt({ ...params, encrypt: tampered }))).toBe("bad_signature");
  });

  it("answers with an encrypted 'success' map DingTalk can verify", () => {
    const nowMs = 1_608_001_900_000;
    const reply = events.successReply({ nowMs });
    expect(Object.keys(reply).sort()).toEqual(["encrypt", "msg_signature", "nonce", "timeStamp"]);
    expect(reply.timeStamp).toBe(String(nowMs));
    expect(reply.nonce).toMatch(/^[A-Za-z0-9]{16}$/);
    const back = { msgSignature: reply.msg_signature, timestamp: reply.timeStamp, nonce: reply.nonce, encrypt: reply.encrypt };
    expect(events.decrypt(back)).toBe("success");
  });
});

describe("DingTalk robot callback sign", () => {
  const appSecret = "this is secret";
  const timestamp = "1577262236757";
  // Computed independently with Python: base64(hmac.new(secret, b"1577262236757\nthis is secret", sha256).digest())
  const sign = "hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=";
  const tsMs = Number(timestamp);
  const base = { appSecret, timestamp, sign, nowMs: tsMs };

  it("computes base64 HMAC-SHA256 of timestamp + newline + secret", () => {
    expect(dingtalkRobotSign(timestamp, appSecret)).toBe(sign);
  });

  it("accepts a genuine request up to exactly one hour either way", () => {
    expect(verifyDingtalkRobotRequest(base)).toEqual({ ok: true });
    expect(verifyDingtalkRobotRequest({ ...base, nowMs: tsMs + 3_600_000 })).toEqual({ ok: true });
    expect(verifyDingtalkRobotRequest({ ...base, nowMs: tsMs - 3_600_000 })).toEqual({ ok: true });
  });

  it("rejects stale and future timestamps (milliseconds, ±1 h)", () => {
    expect(verifyDingtalkRobotRequest({ ...base, nowMs: tsMs + 3_600_001 })).toEqual({ ok: false, reason: "stale" });
    expect(verifyDingtalkRobotRequest({ ...base, nowMs: tsMs - 3_600_001 })).toEqual({ ok: false, reason: "future" });
    expect(verifyDingtalkRobotRequest({ ...base, nowMs: tsMs + 60_001, toleranceMs: 60_000 })).toEqual({ ok: false, reason: "stale" });
  });

  it("treats a seconds timestamp as far in the past", () => {
    const seconds = String(Math.floor(tsMs / 1000));
    const secSign = dingtalkRobotSign(seconds, appSecret);
    expect(verifyDingtalkRobotRequest({ ...base, timestamp: seconds, sign: secSign })).toEqual({ ok: false, reason: "stale" });
  });

  it("rejects a wrong secret, an altered sign and a wrong-length sign", () => {
    expect(verifyDingtalkRobotRequest({ ...base, appSecret: "this is secreT" })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyDingtalkRobotRequest({ ...base, sign: sign.replace("hm", "hn") })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyDingtalkRobotRequest({ ...base, sign: sign.slice(0, -1) })).toEqual({ ok: false, reason: "bad_signature" });
    const other = String(tsMs + 1);
    expect(verifyDingtalkRobotRequest({ ...base, timestamp: other })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects missing or malformed headers", () => {
    expect(verifyDingtalkRobotRequest({ ...base, timestamp: undefined })).toEqual({ ok: false, reason: "missing_header" });
    expect(verifyDingtalkRobotRequest({ ...base, sign: undefined })).toEqual({ ok: false, reason: "missing_header" });
    expect(verifyDingtalkRobotRequest({ ...base, timestamp: "-1577262236757" })).toEqual({ ok: false, reason: "missing_header" });
  });
});
