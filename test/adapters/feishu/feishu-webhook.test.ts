import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFeishuAdapter } from "../../../adapters/feishu/index.js";
import { createLogger } from "../../../src/logger.js";
import { FAKE_APP_ID, startFakeFeishuApi, type FakeFeishuApi } from "../../helpers/fake-feishu-api.js";
import { encryptAsFeishu, encryptedBody, feishuFixture, FIXTURE_TOKEN, postTo, signed, textMessage, withEvent } from "../../helpers/feishu-requests.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";

// Route-level checks of POST /feishu/events on the real server: every refusal answers 401/400 and writes
// nothing (no inbound_keys row once the queue has settled); the genuine request is accepted once.

const ENCRYPT_KEY = "encrypt-key-测试";

async function startWith(secrets: { encryptKey?: string; verificationToken?: string }): Promise<{ api: FakeFeishuApi; rt: TestRuntime; url: string; rows(): Promise<number> }> {
  const api = await startFakeFeishuApi();
  const adapter = createFeishuAdapter({ appId: FAKE_APP_ID, appSecret: "secret_test", ...secrets, mode: "http", domain: api.baseUrl, logger: createLogger("silent") });
  const rt = await startTestRuntime({ adapters: [adapter], env: { PORT: "0", HOST: "127.0.0.1", DEMO_SEED: "false" } });
  const http = await rt.runtime.startHttp();
  const url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}/feishu/events`;
  /** inbound_keys rows once queued work has run: the inbound job, not the ack path, claims the key. */
  const rows = async () => {
    await rt.runtime.settle();
    const row = await rt.runtime.database.db.selectFrom("inbound_keys").select(({ fn }) => fn.countAll().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { api, rt, url, rows };
}

describe("POST /feishu/events with an Encrypt Key", () => {
  let ctx: Awaited<ReturnType<typeof startWith>>;
  const event = () => textMessage("whoami", { messageId: "om_webhook_1" });
  const nowSec = () => Math.floor(Date.now() / 1000);
  // Whole seconds: round up for "ahead" so the gap is still at least 301 s when the server reads it.
  const aheadSec = () => Math.ceil(Date.now() / 1000);

  beforeAll(async () => {
    ctx = await startWith({ encryptKey: ENCRYPT_KEY, verificationToken: FIXTURE_TOKEN });
  });
  afterAll(async () => {
    await ctx.rt.close();
    await ctx.api.close();
  });

  const refusals: [string, () => { headers: Record<string, string>; body: string }, 400 | 401, string][] = [
    [
      "a tampered body (one character of the ciphertext changed after signing)",
      () => {
        const req = signed(encryptedBody(event(), ENCRYPT_KEY), ENCRYPT_KEY);
        const at = req.body.indexOf('"encrypt":"') + 12;
        return { ...req, body: req.body.slice(0, at) + (req.body[at] === "A" ? "B" : "A") + req.body.slice(at + 1) };
      },
      401,
      "bad_signature",
    ],
    ["a stale timestamp (301 s old)", () => signed(encryptedBody(event(), ENCRYPT_KEY), ENCRYPT_KEY, { timestampSec: nowSec() - 301 }), 401, "stale"],
    ["a future timestamp (301 s ahead)", () => signed(encryptedBody(event(), ENCRYPT_KEY), ENCRYPT_KEY, { timestampSec: aheadSec() + 301 }), 401, "future"],
    ["no signature headers", () => ({ headers: { "content-type": "application/json" }, body: encryptedBody(event(), ENCRYPT_KEY) }), 401, "missing_header"],
    ["a signature made with another key", () => ({ ...signed(encryptedBody(event(), ENCRYPT_KEY), "another key") }), 401, "bad_signature"],
    ["the wrong verification token inside a genuine, signed body", () => signed(encryptedBody(withEvent(event(), {}, { token: "not-the-token" }), ENCRYPT_KEY), ENCRYPT_KEY), 401, "verification token"],
    ["bad PKCS#7 padding (pad byte 0) in a signed body", () => signed(JSON.stringify({ encrypt: encryptAsFeishu(ENCRYPT_KEY, "x".repeat(15), Buffer.from([0])) }), ENCRYPT_KEY), 400, "bad_padding"],
    ["an unencrypted event, signed, while a key is configured", () => signed(JSON.stringify(event()), ENCRYPT_KEY), 400, "unencrypted"],
    ["a body that is not JSON", () => signed("encrypt=abc", ENCRYPT_KEY), 400, "not a JSON object"],
    ["an encrypt field that is not base64", () => signed(JSON.stringify({ encrypt: "not base64!" }), ENCRYPT_KEY), 400, "bad_base64"],
  ];

  it.each(refusals)("refuses %s and writes nothing", async (_name, build, status, reason) => {
    const response = await postTo(ctx.url, build());
    expect(response.status).toBe(status);
    expect(JSON.stringify(response.json)).toContain(reason);
    expect(await ctx.rows()).toBe(0);
  });

  it("answers the url_verification challenge, encrypted and signed, without writing", async () => {
    const response = await postTo(ctx.url, signed(encryptedBody(feishuFixture("url-verification"), ENCRYPT_KEY), ENCRYPT_KEY));
    expect(response).toEqual({ status: 200, json: { challenge: "ajls384kdjx98XX" } });
    const wrongToken = await postTo(ctx.url, signed(encryptedBody({ ...feishuFixture("url-verification"), token: "x" }, ENCRYPT_KEY), ENCRYPT_KEY));
    expect(wrongToken.status).toBe(401);
    expect(await ctx.rows()).toBe(0);
  });

  it("accepts the genuine event once: a re-push is acknowledged and dropped", async () => {
    const first = await postTo(ctx.url, signed(encryptedBody(event(), ENCRYPT_KEY), ENCRYPT_KEY));
    expect(first).toEqual({ status: 200, json: {} });
    expect(await ctx.rows()).toBe(1);
    const again = await postTo(ctx.url, signed(encryptedBody(withEvent(event(), {}, { event_id: "another-event-id" }), ENCRYPT_KEY), ENCRYPT_KEY));
    expect(again.status).toBe(200);
    expect(await ctx.rows()).toBe(1);
  });
});

describe("POST /feishu/events with a verification token only", () => {
  let ctx: Awaited<ReturnType<typeof startWith>>;

  beforeAll(async () => {
    ctx = await startWith({ verificationToken: FIXTURE_TOKEN });
  });
  afterAll(async () => {
    await ctx.rt.close();
    await ctx.api.close();
  });

  const plainRequest = (body: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("answers the plain challenge and refuses a wrong token", async () => {
    expect(await postTo(ctx.url, plainRequest(feishuFixture("url-verification")))).toEqual({ status: 200, json: { challenge: "ajls384kdjx98XX" } });
    expect((await postTo(ctx.url, plainRequest({ ...feishuFixture("url-verification"), token: "nope" }))).status).toBe(401);
    expect((await postTo(ctx.url, plainRequest(withEvent(feishuFixture("message-p2p"), {}, { token: "nope" })))).status).toBe(401);
    expect(await ctx.rows()).toBe(0);
  });

  it("refuses an encrypted body it has no key for, and accepts a plain event", async () => {
    expect((await postTo(ctx.url, plainRequest({ encrypt: encryptAsFeishu("k", "{}") }))).status).toBe(400);
    expect(await ctx.rows()).toBe(0);
    expect(await postTo(ctx.url, plainRequest(feishuFixture("message-p2p")))).toEqual({ status: 200, json: {} });
    expect(await ctx.rows()).toBe(1);
  });
});
