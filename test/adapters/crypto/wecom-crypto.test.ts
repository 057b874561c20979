import { describe, expect, it } from "vitest";
import { createWecomCrypto, readWecomXmlEncrypt } from "../../../adapters/wecom/crypto.js";
import { CryptoError } from "../../../src/core/crypto/crypto-error.js";
import { createWxBizMsgCrypt } from "../../../src/core/crypto/wx-biz-msg-crypt.js";
import { codeOf, errorOf, field, optionalField, vectorsFor, wxFrame, wxOpenRaw, wxSealRaw } from "./crypto-test-support.js";

const vectors = vectorsFor("wecom_");

describe.each(vectors)("WeCom official vector %s", (_name, v) => {
  const config = { token: field(v, "token"), encodingAesKey: field(v, "encoding_aes_key"), receiveId: field(v, "receive_id") };
  const signed = { msgSignature: field(v, "msg_signature"), timestamp: field(v, "timestamp"), nonce: field(v, "nonce") };
  const echostr = optionalField(v, "echostr");
  const encrypt = optionalField(v, "encrypt");
  const ciphertext = echostr ?? encrypt ?? "";
  const expected = optionalField(v, "expected_echo_plaintext") ?? optionalField(v, "expected_plaintext") ?? "";
  const crypt = createWxBizMsgCrypt(config);
  const open = (c: typeof crypt, text: string, sig = signed.msgSignature): string =>
    echostr !== undefined
      ? c.verifyUrl({ ...signed, msgSignature: sig, echostr: text })
      : c.decrypt({ ...signed, msgSignature: sig, encrypt: text });

  it("has a shape this suite knows how to check", () => {
    const urlCheck = echostr !== undefined && optionalField(v, "expected_echo_plaintext") !== undefined;
    const message = encrypt !== undefined && optionalField(v, "expected_plaintext") !== undefined;
    expect(urlCheck !== message, "add a branch for this new vector shape").toBe(true);
  });

  it("reproduces msg_signature", () => {
    expect(crypt.signature(signed.timestamp, signed.nonce, ciphertext)).toBe(signed.msgSignature);
  });

  it("verifies and decrypts to the expected plaintext (shared core and WeCom wrapper)", () => {
    expect(open(crypt, ciphertext)).toBe(expected);
    expect(open(createWecomCrypto(config), ciphertext)).toBe(expected);
  });

  it("re-encrypts to the identical ciphertext given the same random prefix (padding to 32)", () => {
    const random16 = wxOpenRaw(config.encodingAesKey, ciphertext).subarray(0, 16);
    const sealed = crypt.encrypt(expected, { timestamp: signed.timestamp, nonce: signed.nonce, random16 });
    expect(sealed).toEqual({ encrypt: ciphertext, msgSignature: signed.msgSignature });
  });

  it("rejects a wrong or empty receive id", () => {
    const wrong = createWxBizMsgCrypt({ ...config, receiveId: `${config.receiveId}x` });
    const error = errorOf(() => open(wrong, ciphertext));
    expect(error.code).toBe("receive_id_mismatch");
    expect(error.message).toContain(config.receiveId);
    expect(codeOf(() => open(createWxBizMsgCrypt({ ...config, receiveId: "" }), ciphertext))).toBe("receive_id_mismatch");
  });

  it("rejects a tampered ciphertext, a wrong token and a wrong signature", () => {
    const i = ciphertext.length - 10;
    const tampered = `${ciphertext.slice(0, i)}${ciphertext[i] === "A" ? "B" : "A"}${ciphertext.slice(i + 1)}`;
    expect(codeOf(() => open(crypt, tampered))).toBe("bad_signature");
    expect(codeOf(() => open(createWxBizMsgCrypt({ ...config, token: `${config.token}x` }), ciphertext))).toBe("bad_signature");
    expect(codeOf(() => open(crypt, ciphertext, signed.msgSignature.replace(/.$/, (c) => (c === "0" ? "1" : "0"))))).toBe(
      "bad_signature",
    );
    expect(codeOf(() => open(crypt, ciphertext, signed.msgSignature.slice(0, 20)))).toBe("bad_signature");
    expect(codeOf(() => open(crypt, ciphertext, ""))).toBe("bad_signature");
  });

  it("refuses a tampered ciphertext even when its signature is recomputed", () => {
    const bytes = Buffer.from(ciphertext, "base64");
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0xff; // garbles the last block
    const tampered = bytes.toString("base64");
    const msgSignature = crypt.signature(signed.timestamp, signed.nonce, tampered);
    expect(() => open(crypt, tampered, msgSignature)).toThrow(CryptoError);
  });
});

describe("WeCom echostr damaged by a second URL-decode", () => {
  const [, v] = vectorsFor("wecom_").find(([, x]) => (optionalField(x, "echostr") ?? "").includes("+")) ?? [];
  if (v === undefined) throw new Error("need a WeCom URL-check vector whose echostr contains '+'");
  const crypt = createWxBizMsgCrypt({ token: field(v, "token"), encodingAesKey: field(v, "encoding_aes_key"), receiveId: field(v, "receive_id") });
  const signed = { msgSignature: field(v, "msg_signature"), timestamp: field(v, "timestamp"), nonce: field(v, "nonce") };
  const damaged = field(v, "echostr").replaceAll("+", " ");

  it("is rejected as bad base64 with a message naming the '+'→' ' cause", () => {
    const error = errorOf(() => crypt.verifyUrl({ ...signed, echostr: damaged }));
    expect(error.code).toBe("bad_base64");
    expect(error.httpStatus).toBe(400);
    expect(error.message).toMatch(/'\+' was probably turned into ' '/);
  });

  it("is rejected even when the damaged value carries a matching signature", () => {
    const msgSignature = crypt.signature(signed.timestamp, signed.nonce, damaged);
    expect(codeOf(() => crypt.verifyUrl({ ...signed, msgSignature, echostr: damaged }))).toBe("bad_base64");
  });

  it("is also caught when still percent-encoded", () => {
    const encoded = encodeURIComponent(field(v, "echostr"));
    expect(errorOf(() => crypt.verifyUrl({ ...signed, echostr: encoded })).message).toMatch(/percent-encoded/);
  });
});

describe("WeCom hand-built ciphertexts", () => {
  const encodingAesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
  const config = { token: "QDG6eK", encodingAesKey, receiveId: "wx5823bf96d3bd56c7" };
  const crypt = createWxBizMsgCrypt(config);
  const random16 = Buffer.from("0123456789abcdef");
  const frame = wxFrame(random16, Buffer.from("hi"), config.receiveId); // 16 + 4 + 2 + 18 = 40 bytes
  /** Seals `plaintext` and decrypts it through the code under test with a valid signature. */
  const openRaw = (plaintext: Buffer): string => {
    const encrypt = wxSealRaw(encodingAesKey, plaintext);
    return crypt.decrypt({ msgSignature: crypt.signature("1", "n", encrypt), timestamp: "1", nonce: "n", encrypt });
  };

  it("accepts a correctly padded frame (sanity check of the builder)", () => {
    expect(openRaw(Buffer.concat([frame, Buffer.alloc(24, 24)]))).toBe("hi");
  });

  it("rejects pad byte 0", () => {
    expect(codeOf(() => openRaw(Buffer.concat([frame, Buffer.alloc(24, 0)])))).toBe("bad_padding");
  });

  it("rejects a pad byte above 32", () => {
    const plaintext = Buffer.concat([frame, Buffer.alloc(56, 33)]); // 96 bytes, pad byte 33
    expect(codeOf(() => openRaw(plaintext))).toBe("bad_padding");
  });

  it("rejects pad bytes that are not all equal", () => {
    const pad = Buffer.alloc(24, 24);
    pad[0] = 23;
    expect(codeOf(() => openRaw(Buffer.concat([frame, pad])))).toBe("bad_padding");
  });

  it("rejects a declared length longer than the frame", () => {
    const long = wxFrame(random16, Buffer.from("hi"), config.receiveId, 1000);
    expect(codeOf(() => openRaw(Buffer.concat([long, Buffer.alloc(24, 24)])))).toBe("bad_length");
  });

  it("rejects ciphertexts that are not whole AES blocks or shorter than the header", () => {
    const msgSignatureFor = (encrypt: string): string => crypt.signature("1", "n", encrypt);
    for (const encrypt of [Buffer.alloc(40).toString("base64"), Buffer.alloc(16).toString("base64")]) {
      expect(codeOf(() => crypt.decrypt({ msgSignature: msgSignatureFor(encrypt), timestamp: "1", nonce: "n", encrypt }))).toBe("bad_length");
    }
  });

  it("rejects a message that is not UTF-8", () => {
    const bad = wxFrame(random16, Buffer.from([0xc3, 0x28]), config.receiveId);
    expect(codeOf(() => openRaw(Buffer.concat([bad, Buffer.alloc(24, 24)])))).toBe("bad_plaintext");
  });
});

describe("WeCom encrypt → decrypt", () => {
  const config = { token: "QDG6eK", encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", receiveId: "ww1436e0e65a779aee" };
  const crypt = createWecomCrypto(config);
  const opts = { timestamp: "1409659813", nonce: "1372623149" };

  it("round-trips Chinese text and stores its byte length, not its character count", () => {
    const text = "<xml><Content><![CDATA[上线进度：完成 80% 🚀]]></Content></xml>";
    const sealed = crypt.encrypt(text, opts);
    expect(crypt.decrypt({ ...opts, msgSignature: sealed.msgSignature, encrypt: sealed.encrypt })).toBe(text);
    const raw = wxOpenRaw(config.encodingAesKey, sealed.encrypt);
    expect(raw.readUInt32BE(16)).toBe(Buffer.byteLength(text, "utf8"));
    expect(raw.readUInt32BE(16)).not.toBe(text.length);
  });

  it("pads every length to a multiple of 32, adding a whole block when already aligned", () => {
    for (let n = 0; n <= 70; n++) {
      const sealed = crypt.encrypt("x".repeat(n), opts);
      const raw = wxOpenRaw(config.encodingAesKey, sealed.encrypt);
      const content = 16 + 4 + n + config.receiveId.length;
      const pad = 32 - (content % 32);
      expect(raw.length).toBe(content + pad);
      expect(raw.subarray(content).every((b) => b === pad)).toBe(true);
    }
  });

  it("uses a fresh random prefix each time unless one is given", () => {
    expect(crypt.encrypt("same", opts).encrypt).not.toBe(crypt.encrypt("same", opts).encrypt);
    const random16 = Buffer.alloc(16, 1);
    expect(crypt.encrypt("same", { ...opts, random16 }).encrypt).toBe(crypt.encrypt("same", { ...opts, random16 }).encrypt);
    expect(() => crypt.encrypt("same", { ...opts, random16: Buffer.alloc(15) })).toThrow(RangeError);
  });

  it("works for an internal AI bot whose receive id is empty", () => {
    const bot = createWecomCrypto({ ...config, receiveId: "" });
    const body = JSON.stringify({ msgtype: "text", text: { content: "你好" } });
    const reply = bot.jsonReply(body, opts);
    expect(Object.keys(reply).sort()).toEqual(["encrypt", "msgsignature", "nonce", "timestamp"]);
    expect(reply.timestamp).toBe(opts.timestamp);
    expect(bot.decrypt({ ...opts, msgSignature: reply.msgsignature, encrypt: reply.encrypt })).toBe(body);
    expect(codeOf(() => crypt.decrypt({ ...opts, msgSignature: reply.msgsignature, encrypt: reply.encrypt }))).toBe("receive_id_mismatch");
  });

  it("builds an XML passive reply whose Encrypt and MsgSignature verify", () => {
    const xml = crypt.xmlReply("<xml><Content>好的</Content></xml>", opts);
    expect(xml).toMatch(/^<xml><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><MsgSignature><!\[CDATA\[[0-9a-f]{40}\]\]><\/MsgSignature>/);
    expect(xml).toContain(`<TimeStamp>${opts.timestamp}</TimeStamp><Nonce><![CDATA[${opts.nonce}]]></Nonce></xml>`);
    const encrypt = readWecomXmlEncrypt(xml);
    const msgSignature = /<MsgSignature><!\[CDATA\[([0-9a-f]+)\]\]>/.exec(xml)?.[1] ?? "";
    expect(crypt.decrypt({ ...opts, msgSignature, encrypt: encrypt ?? "" })).toBe("<xml><Content>好的</Content></xml>");
  });

  it("reads Encrypt from a callback body with or without CDATA", () => {
    expect(readWecomXmlEncrypt("<xml><ToUserName><![CDATA[x]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>")).toBe("abc+/=");
    expect(readWecomXmlEncrypt("<xml><Encrypt>abc=</Encrypt></xml>")).toBe("abc=");
    expect(readWecomXmlEncrypt("<xml><ToUserName>x</ToUserName></xml>")).toBeNull();
  });

  it("refuses an EncodingAESKey that is not 43 base64 characters", () => {
    for (const encodingAesKey of ["", "short", `${config.encodingAesKey}=`, config.encodingAesKey.replace("j", "-")]) {
      const error = errorOf(() => createWxBizMsgCrypt({ ...config, encodingAesKey }));
      expect(error.code).toBe("bad_key");
      expect(error.httpStatus).toBe(500);
    }
  });
});
