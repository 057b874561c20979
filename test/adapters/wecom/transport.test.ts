import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWecomCrypto } from "../../../adapters/wecom/crypto.js";
import { appCallbackToEvent } from "../../../adapters/wecom/inbound.js";
import { CallbackRefused, openAppCallback, verifyCallbackUrl } from "../../../adapters/wecom/transport.js";
import { XmlRefused, parseWecomXml } from "../../../adapters/wecom/xml.js";
import { startFakeWecomApi, type FakeWecomApi } from "../../helpers/fake-wecom-api.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { field, optionalField, vectorsFor, wxFrame, wxSealRaw } from "../crypto/crypto-test-support.js";
import { APP, fixture, post, seal, testAdapter, textXml } from "./wecom-test-support.js";

const vector = (name: string) => {
  const found = vectorsFor("wecom_").find(([n]) => n === name)?.[1];
  if (!found) throw new Error(`missing vector ${name}`);
  return found;
};

describe("WeCom callback routes on the shared server", () => {
  let fake: FakeWecomApi;
  let bot: TestRuntime;
  let base: string;

  const keyCount = async (): Promise<number> => {
    const row = await bot.runtime.database.db.selectFrom("inbound_keys").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const get = async (query: string) => {
    const response = await fetch(`${base}/wecom/callback?${query}`);
    return { status: response.status, body: await response.text() };
  };

  beforeAll(async () => {
    fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret });
    bot = await startTestRuntime({ adapters: [testAdapter({ apiUrl: fake.url })], env: { PORT: "0", HOST: "127.0.0.1", DEMO_SEED: "false" } });
    const http: FastifyInstance = await bot.runtime.startHttp();
    const address = http.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  describe("GET (URL verification)", () => {
    const v = vector("wecom_verify_url_official");
    const signed = `msg_signature=${field(v, "msg_signature")}&timestamp=${field(v, "timestamp")}&nonce=${field(v, "nonce")}`;

    it("answers the official vector's plaintext for the URL-encoded echostr, as plain text", async () => {
      const response = await fetch(`${base}/wecom/callback?${signed}&echostr=${encodeURIComponent(field(v, "echostr"))}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await response.text()).toBe(field(v, "expected_echo_plaintext"));
    });

    it("refuses an echostr whose '+' arrived unencoded (decoded to a space) or encoded twice, with 400", async () => {
      expect(field(v, "echostr")).toContain("+");
      expect((await get(`${signed}&echostr=${field(v, "echostr")}`)).status).toBe(400);
      expect((await get(`${signed}&echostr=${encodeURIComponent(encodeURIComponent(field(v, "echostr")))}`)).status).toBe(400);
    });

    it("refuses a wrong signature with 401 and missing parameters with 400", async () => {
      const bad = `msg_signature=${field(v, "msg_signature").replace(/^./, (c) => (c === "0" ? "1" : "0"))}&timestamp=${field(v, "timestamp")}&nonce=${field(v, "nonce")}`;
      expect((await get(`${bad}&echostr=${encodeURIComponent(field(v, "echostr"))}`)).status).toBe(401);
      expect((await get(`timestamp=1&nonce=2&echostr=abc`)).status).toBe(400);
    });
  });

  describe("POST (events)", () => {
    it("refuses the official Sample.py message (signed years ago) as stale; signed now it is answered with an empty 200, queued once, and replied to by DM", async () => {
      const v = vector("wecom_decrypt_msg_official");
      const official = {
        query: { msg_signature: field(v, "msg_signature"), timestamp: field(v, "timestamp"), nonce: field(v, "nonce") },
        body: `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><Encrypt><![CDATA[${field(v, "encrypt")}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
      };
      const before = await keyCount();
      expect((await post(base, official)).status).toBe(401);
      const crypto = createWecomCrypto({ token: APP.token, encodingAesKey: APP.encodingAesKey, receiveId: APP.corpId });
      const sealed = seal(crypto.decrypt({ ...official.query, msgSignature: official.query.msg_signature, encrypt: field(v, "encrypt") }));
      expect(await post(base, sealed)).toEqual({ status: 200, body: "" });
      // The inbound job claims the key when it runs, which with BullMQ is after the ack.
      await waitFor(async () => (await keyCount()) === before + 1, { what: "the delivery key to be claimed" });
      await waitFor(() => fake.deliveredTo("ChenJiaShun").length === 1, { what: "the reply to ChenJiaShun" });

      expect(await post(base, sealed)).toEqual({ status: 200, body: "" }); // WeCom's retry
      expect(await keyCount()).toBe(before + 1);
      expect(await post(base, seal(textXml({ from: "ChenJiaShun", content: "whoami", msgId: "1456453721" })))).toEqual({ status: 200, body: "" });
      await waitFor(() => fake.deliveredTo("ChenJiaShun").length === 2, { what: "the reply to the second message" });
      await bot.runtime.settle();
      expect(fake.deliveredTo("ChenJiaShun")).toHaveLength(2);
    });

    it("refuses callbacks signed 6 minutes or 24 hours ago, or 6 minutes ahead, with 401, writing nothing", async () => {
      const before = await keyCount();
      for (const [i, offsetMs] of [-6 * 60_000, -24 * 3600_000, 6 * 60_000].entries()) {
        const response = await post(base, seal(textXml({ from: "ChenJiaShun", content: "whoami", msgId: `stale-${i}` }), APP.corpId, Date.now() + offsetMs));
        expect(response.status, `offset ${offsetMs}`).toBe(401);
      }
      // Four minutes either way is still fresh.
      expect((await post(base, seal(textXml({ from: "ChenJiaShun", content: "whoami", msgId: "fresh-early" }), APP.corpId, Date.now() - 4 * 60_000))).status).toBe(200);
      await waitFor(async () => (await keyCount()) === before + 1, { what: "the fresh callback to be claimed" });
      await bot.runtime.settle();
      expect(await keyCount()).toBe(before + 1);
    });

    it("answers a system event (enter_agent) with 200 and writes nothing", async () => {
      const before = await keyCount();
      expect(await post(base, seal(fixture("app-enter-agent.xml")))).toEqual({ status: 200, body: "" });
      expect(await keyCount()).toBe(before);
    });

    it("refuses a ciphertext whose receive id is another corp's with 401, writing nothing", async () => {
      const before = await keyCount();
      expect((await post(base, seal(textXml({ content: "help", msgId: "9001" }), "wwSomeOtherCorp0001"))).status).toBe(401);
      expect(await keyCount()).toBe(before);
    });

    it("refuses a tampered Encrypt (signature left as it was) with 401, writing nothing", async () => {
      const sealed = seal(textXml({ content: "help", msgId: "9002" }));
      const tampered = sealed.body.replace(/<Encrypt><!\[CDATA\[(.)/, (_m, c: string) => `<Encrypt><![CDATA[${c === "A" ? "B" : "A"}`);
      const before = await keyCount();
      expect((await post(base, { query: sealed.query, body: tampered })).status).toBe(401);
      expect(await keyCount()).toBe(before);
    });

    it("refuses bad PKCS#7 padding (pad byte 0, pad byte > 32) with 400, writing nothing", async () => {
      const crypto = createWecomCrypto({ token: APP.token, encodingAesKey: APP.encodingAesKey, receiveId: APP.corpId });
      const frame = wxFrame(Buffer.from("0123456789abcdef"), Buffer.from(textXml({ content: "help", msgId: "9003" })), APP.corpId);
      const before = await keyCount();
      for (const pad of [0, 33]) {
        const size = 32 - (frame.length % 32) + (pad > 32 ? 32 : 0);
        const encrypt = wxSealRaw(APP.encodingAesKey, Buffer.concat([frame, Buffer.alloc(size, pad)]));
        const query = { msg_signature: crypto.signature("1700000000", "n", encrypt), timestamp: "1700000000", nonce: "n" };
        const response = await post(base, { query, body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` });
        expect(response.status, `pad ${pad}`).toBe(400);
      }
      expect(await keyCount()).toBe(before);
    });

    it("refuses an XXE payload (external entity in the inner XML) with 400: never expanded, nothing queued or sent", async () => {
      const xxe =
        `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
        textXml({ content: "x", msgId: "9004" }).replace("<![CDATA[x]]>", "&xxe;");
      const laughs = `<!DOCTYPE xml [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>` + textXml({ content: "x", msgId: "9005" }).replace("<![CDATA[x]]>", "&b;");
      const calls = fake.calls.length;
      const before = await keyCount();
      for (const payload of [xxe, laughs]) {
        const response = await post(base, seal(payload));
        expect(response.status).toBe(400);
        expect(response.body).not.toContain("root:");
        expect(response.body).not.toContain("haha");
      }
      const outer = seal(textXml({ content: "x", msgId: "9006" }));
      const outerXxe = { query: outer.query, body: `<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>${outer.body}` };
      expect((await post(base, outerXxe)).status).toBe(400);
      await bot.runtime.settle();
      expect(await keyCount()).toBe(before);
      expect(fake.calls.length).toBe(calls);
    });

    it("refuses malformed inner XML and missing query parameters with 400", async () => {
      const before = await keyCount();
      expect((await post(base, seal("<xml><FromUserName>zhangsan</FromUserName><MsgType>text"))).status).toBe(400);
      expect((await post(base, seal("not xml at all"))).status).toBe(400);
      const sealed = seal(textXml({ content: "help", msgId: "9007" }));
      expect((await post(base, { query: { timestamp: sealed.query.timestamp ?? "", nonce: sealed.query.nonce ?? "" }, body: sealed.body })).status).toBe(400);
      expect((await post(base, { query: sealed.query, body: "<xml><ToUserName>x</ToUserName></xml>" })).status).toBe(400);
      expect(await keyCount()).toBe(before);
    });
  });
});

describe("every official WeCom XML vector through the callback functions", () => {
  it("verifies the URL check and opens both messages, each with its own key set and receive id", () => {
    const url = vector("wecom_verify_url_official");
    const urlCrypto = createWecomCrypto({ token: field(url, "token"), encodingAesKey: field(url, "encoding_aes_key"), receiveId: field(url, "receive_id") });
    const query = { msg_signature: field(url, "msg_signature"), timestamp: field(url, "timestamp"), nonce: field(url, "nonce"), echostr: field(url, "echostr") };
    expect(verifyCallbackUrl(urlCrypto, query)).toBe(field(url, "expected_echo_plaintext"));

    for (const [name, agentId, dedupeKey] of [
      ["wecom_decrypt_msg_official", "1000002", "msg:1456453720"],
      ["wecom_doc_worked_example_official", "218", "msg:4561255354251345929"],
    ] as const) {
      const v = vector(name);
      const corpId = field(v, "receive_id");
      const crypto = createWecomCrypto({ token: field(v, "token"), encodingAesKey: field(v, "encoding_aes_key"), receiveId: corpId });
      const signed = { msg_signature: field(v, "msg_signature"), timestamp: field(v, "timestamp"), nonce: field(v, "nonce") };
      const fields = openAppCallback(crypto, signed, `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><Encrypt><![CDATA[${optionalField(v, "encrypt") ?? ""}]]></Encrypt></xml>`);
      const event = appCallbackToEvent(fields, { corpId, agentId, receivedAt: new Date().toISOString() });
      expect(event?.kind, name).toBe("message");
      expect(event?.dedupeKey, name).toBe(dedupeKey); // a 64-bit MsgId kept exactly, as a string
    }
  });

  it("classifies refusals: 401 for a foreign receive id, 400 for XML with a DTD", () => {
    const v = vector("wecom_doc_worked_example_official");
    const crypto = createWecomCrypto({ token: field(v, "token"), encodingAesKey: field(v, "encoding_aes_key"), receiveId: "ww-not-this-one" });
    const signed = { msg_signature: field(v, "msg_signature"), timestamp: field(v, "timestamp"), nonce: field(v, "nonce") };
    const refused = (() => {
      try {
        openAppCallback(crypto, signed, `<xml><Encrypt><![CDATA[${field(v, "encrypt")}]]></Encrypt></xml>`);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(CallbackRefused);
    expect((refused as CallbackRefused).status).toBe(401);
    expect(() => parseWecomXml(`<!DOCTYPE xml [<!ENTITY e "boom">]><xml><Content>&e;</Content></xml>`)).toThrow(XmlRefused);
  });
});
