import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDingtalkEventCrypto, dingtalkRobotSign } from "../../../adapters/dingtalk/crypto.js";
import type { ChatAdapter } from "../../../src/core/adapter.js";
import { createMetrics } from "../../../src/http/metrics.js";
import { createHttpServer } from "../../../src/http/server.js";
import { createLogger } from "../../../src/logger.js";
import { startFakeDingtalkApi, type FakeDingtalkApi } from "../../helpers/fake-dingtalk-api.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, dataOf, testAdapter } from "./dingtalk-test-support.js";
import { field, vectorsFor } from "../crypto/crypto-test-support.js";

// HTTP mode on the real server: POST /dingtalk/events checks `timestamp` + `sign` (±1 h), refuses bodies for another
// robot or corp, drops a replayed msgId, queues the genuine message once and answers it through its session webhook.
// Every refusal writes nothing (no inbound_keys row).

const HOUR = 3_600_000;

describe("POST /dingtalk/events (HTTP mode)", () => {
  let api: FakeDingtalkApi;
  let rt: TestRuntime;
  let url: string;

  const rows = async (): Promise<number> => {
    const row = await rt.runtime.database.db.selectFrom("inbound_keys").select(({ fn }) => fn.countAll().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const body = (patch: Record<string, unknown> = {}): Record<string, unknown> =>
    dataOf("robot-1to1-text", { text: { content: "whoami" }, sessionWebhook: api.sessionUrl("sess-1"), sessionWebhookExpiredTime: Date.now() + 90 * 60_000, ...patch });
  const post = async (payload: unknown, headers: Record<string, string>): Promise<{ status: number; text: string }> => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(payload) });
    return { status: response.status, text: await response.text() };
  };
  const signedAt = (timestampMs: number, secret: string = APP.clientSecret): Record<string, string> => ({
    timestamp: String(timestampMs),
    sign: dingtalkRobotSign(String(timestampMs), secret),
  });

  beforeAll(async () => {
    api = await startFakeDingtalkApi({ appKey: APP.clientId, appSecret: APP.clientSecret, robotCode: APP.clientId });
    const adapter = testAdapter({ mode: "http", apiUrl: api.url, oapiUrl: api.url });
    rt = await startTestRuntime({ adapters: [adapter], env: { PORT: "0", HOST: "127.0.0.1", DEMO_SEED: "false" } });
    const http = await rt.runtime.startHttp();
    url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}/dingtalk/events`;
  });
  afterAll(async () => {
    await rt?.close();
    await api?.close();
  });

  const refusals: [string, () => Record<string, string>, string][] = [
    ["a stale timestamp (1 h 1 min old)", () => signedAt(Date.now() - HOUR - 60_000), "stale"],
    ["a future timestamp (1 h 1 min ahead)", () => signedAt(Date.now() + HOUR + 60_000), "future"],
    ["a sign made with the wrong secret", () => signedAt(Date.now(), "not-the-app-secret"), "bad_signature"],
    ["a sign for another timestamp", () => ({ timestamp: String(Date.now()), sign: dingtalkRobotSign(String(Date.now() - 5000), APP.clientSecret) }), "bad_signature"],
    ["no timestamp or sign", () => ({}), "missing_header"],
  ];

  it.each(refusals)("refuses %s with 401 and writes nothing", async (_name, headers, reason) => {
    const response = await post(body({ msgId: `msg-refused-${reason}` }), headers());
    expect(response.status).toBe(401);
    expect(response.text).toContain(reason);
    expect(await rows()).toBe(0);
  });

  it("refuses a genuine sign on a body for another robot or corp with 403, writing nothing", async () => {
    const otherRobot = await post(body({ msgId: "msg-other-robot", robotCode: "dingotherrobot000000" }), signedAt(Date.now()));
    expect([otherRobot.status, otherRobot.text]).toEqual([403, expect.stringContaining("robot_code")]);
    const otherCorp = await post(body({ msgId: "msg-other-corp", chatbotCorpId: "dingothercorp0000000" }), signedAt(Date.now()));
    expect([otherCorp.status, otherCorp.text]).toEqual([403, expect.stringContaining("corp")]);
    expect(await rows()).toBe(0);
  });

  it("accepts a genuine message once, answers it through its session webhook, and drops the replay", async () => {
    const genuine = body({ msgId: "msg-genuine-1" });
    expect((await post(genuine, signedAt(Date.now()))).status).toBe(200);
    // The inbound job claims the key; with BullMQ it runs after the 200.
    await waitFor(async () => (await rows()) === 1, { what: "the claimed key" });
    const answer = await waitFor(() => api.sends.find((s) => s.via === "session" && s.target === "sess-1"), { what: "the answer through the session webhook" });
    expect(answer.text).toContain("zhangsan01");

    // The same msgId again with a fresh, valid sign (the sign does not cover the body): one event only.
    expect((await post(genuine, signedAt(Date.now() + 1000))).status).toBe(200);
    await rt.runtime.settle();
    expect(await rows()).toBe(1);
    expect(api.sends.filter((s) => s.via === "session")).toHaveLength(1);
    expect(api.sends.filter((s) => s.via !== "session")).toHaveLength(0);
  });

  it("queues a signed file message as an event with its attachment; a file without a command is answered with what to do", async () => {
    const file = dataOf("robot-1to1-file", { msgId: "msg-file-1", sessionWebhook: api.sessionUrl("sess-file"), sessionWebhookExpiredTime: Date.now() + 90 * 60_000 });
    expect((await post(file, signedAt(Date.now()))).status).toBe(200);
    const answer = await waitFor(() => api.sends.find((s) => s.target === "sess-file"), { what: "the answer to the file" });
    expect(answer.text).toMatch(/raci-apollo\.csv.*raci import/s);
    expect(api.fileDownloads).toHaveLength(0);
  });
});

/** The shared HTTP server with only this adapter's routes (app.inject reaches them through Fastify). */
const serve = (adapter: ChatAdapter) =>
  createHttpServer({ logger: createLogger("silent"), metrics: createMetrics(async () => 0), readiness: [], directRoutes: [...(adapter.directRoutes ?? [])] });

describe("POST /dingtalk/events before the queue", () => {
  it("drops a replayed msgId at the route, so the sink sees it once; a failed queueing lets the retry through", async () => {
    const adapter = testAdapter({ mode: "http" });
    const app = await serve(adapter);
    const seen: string[] = [];
    let fail = true;
    await adapter.start(async (event) => {
      if (fail) {
        fail = false;
        throw new Error("queue down");
      }
      seen.push(event.dedupeKey);
    });
    const send = (timestampMs: number) =>
      app.inject({
        method: "POST",
        url: "/dingtalk/events",
        headers: { timestamp: String(timestampMs), sign: dingtalkRobotSign(String(timestampMs), APP.clientSecret) },
        payload: dataOf("robot-1to1-text", { msgId: "msg-replayed" }),
      });
    try {
      expect((await send(Date.now())).statusCode).toBe(500);
      expect((await send(Date.now() + 1)).statusCode).toBe(200);
      expect((await send(Date.now() + 2)).statusCode).toBe(200);
      expect(seen).toEqual(["msg:msg-replayed"]);
    } finally {
      await adapter.stop();
      await app.close();
    }
  });
});

describe("POST /dingtalk/callback (HTTP event subscription, WXBizMsgCrypt)", () => {
  const vector = vectorsFor("dingtalk_")[0]?.[1];
  if (!vector) throw new Error("the official DingTalk vector is missing");
  const keys = { token: field(vector, "token"), aesKey: field(vector, "aes_key") };
  const ownerKey = field(vector, "owner_key");
  const query = `msg_signature=${field(vector, "msg_signature")}&timestamp=${field(vector, "timestamp")}&nonce=${field(vector, "nonce")}`;
  const sentAt = Number(field(vector, "timestamp"));

  const start = async (nowMs: number) => {
    const adapter = testAdapter({ clientId: ownerKey, mode: "http", eventCallback: keys, now: () => nowMs });
    const app = await serve(adapter);
    await app.ready();
    return app;
  };

  it("answers the official check_url vector with the encrypted success, and refuses a bad signature or an old capture", async () => {
    const app = await start(sentAt + 1000);
    try {
      const ok = await app.inject({ method: "POST", url: `/dingtalk/callback?${query}`, payload: { encrypt: field(vector, "encrypt") } });
      expect(ok.statusCode).toBe(200);
      const reply = ok.json<{ msg_signature: string; timeStamp: string; nonce: string; encrypt: string }>();
      const crypto = createDingtalkEventCrypto({ ...keys, ownerKey });
      expect(crypto.decrypt({ msgSignature: reply.msg_signature, timestamp: reply.timeStamp, nonce: reply.nonce, encrypt: reply.encrypt })).toBe("success");

      const tampered = await app.inject({ method: "POST", url: `/dingtalk/callback?${query.replace(/msg_signature=0/, "msg_signature=f")}`, payload: { encrypt: field(vector, "encrypt") } });
      expect(tampered.statusCode).toBe(401);
      const missing = await app.inject({ method: "POST", url: "/dingtalk/callback", payload: { encrypt: field(vector, "encrypt") } });
      expect(missing.statusCode).toBe(400);
    } finally {
      await app.close();
    }
    const later = await start(sentAt + 2 * HOUR);
    try {
      const stale = await later.inject({ method: "POST", url: `/dingtalk/callback?${query}`, payload: { encrypt: field(vector, "encrypt") } });
      expect([stale.statusCode, stale.body]).toEqual([401, expect.stringContaining("stale")]);
    } finally {
      await later.close();
    }
  });
});
