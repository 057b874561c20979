import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationRef } from "../../../src/core/adapter.js";
import { actions, button, plain, text } from "../../../src/core/message.js";
import { startFakeDingtalkGateway, type FakeDingtalkGateway } from "../../helpers/fake-dingtalk.js";
import { startFakeDingtalkApi, type FakeDingtalkApi } from "../../helpers/fake-dingtalk-api.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, frameWith, testAdapter } from "./dingtalk-test-support.js";

// The whole way through: Stream frames in, the dispatcher, the outbox and the deliver job out to the fake API.

describe("DingTalk through the runtime (Stream mode, interactive cards)", () => {
  let gateway: FakeDingtalkGateway;
  let api: FakeDingtalkApi;
  let bot: TestRuntime;
  const group: ConversationRef = { platform: "dingtalk", tenantId: APP.corpId, conversationId: APP.groupId, kind: "group" };
  const delivery = (key: string) => bot.runtime.database.db.selectFrom("deliveries").selectAll().where("key", "=", key).executeTakeFirst();

  beforeAll(async () => {
    gateway = await startFakeDingtalkGateway({ clientId: APP.clientId, clientSecret: APP.clientSecret });
    api = await startFakeDingtalkApi({ appKey: APP.clientId, appSecret: APP.clientSecret, robotCode: APP.clientId });
    const adapter = testAdapter({ gatewayUrl: gateway.url, apiUrl: api.url, oapiUrl: api.url, cardTemplateId: "tpl-card.schema", stream: { reconnectInitialMs: 20, keepaliveMs: 0 } });
    bot = await startTestRuntime({ adapters: [adapter], env: { DEMO_SEED: "false" } });
  });
  afterAll(async () => {
    await bot?.close();
    await gateway?.close();
    await api?.close();
  });

  it("answers a 1:1 message through its session webhook, acking the frame once the event is queued", async () => {
    const frame = frameWith("robot-1to1-text", "rt-frame-1", {
      msgId: "msg-rt-1",
      text: { content: "whoami" },
      sessionWebhook: api.sessionUrl("rt-session"),
      sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
    });
    gateway.push(frame);
    await waitFor(() => gateway.ackFor("rt-frame-1"), { what: "the ack" });
    // The inbound job claims the key; with BullMQ it may run after the ack.
    await waitFor(() => bot.runtime.database.db.selectFrom("inbound_keys").select("key").where("key", "=", `dingtalk:${APP.corpId}:msg:msg-rt-1`).executeTakeFirst(), { what: "the claimed key" });
    const answer = await waitFor(() => api.sends.find((s) => s.target === "rt-session"), { what: "the answer" });
    expect(answer).toMatchObject({ via: "session" });
    expect(answer.text).toContain("zhangsan01");
  });

  it("sends buttons as a card, and a click runs the command and updates that card in place", async () => {
    const message = { title: "T-42", blocks: [text("T-42 is due"), actions(button("Who am I", "whoami"), button("Help", "help"))] };
    await bot.runtime.services.notify.toConversation(group, message, { key: "rt-card" });
    const card = await waitFor(() => api.cards.find((c) => JSON.stringify(c.cardData).includes("Who am I")), { what: "the card" });
    const outTrackId = String(card.outTrackId);

    const content = JSON.stringify({ cardPrivateData: { actionIds: ["button_0"], params: { command: "whoami" } } });
    gateway.push(frameWith("card-callback", "rt-click-1", { outTrackId, userId: "lisi02", content }));
    const update = await waitFor(() => api.cardUpdates.find((u) => u.outTrackId === outTrackId), { what: "the card update" });
    expect(JSON.stringify(update.cardData)).toContain("lisi02");
    await bot.runtime.settle();
    expect(api.sends.filter((s) => s.target === APP.groupId)).toHaveLength(0);
  });

  it("retries a QPS limit after the wait and sends once; fails the monthly quota at once, loudly", async () => {
    api.failNext("/v1.0/robot/groupMessages/send", { status: 403, body: { code: "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", message: "qps" } });
    await bot.runtime.services.notify.toConversation(group, plain("after the limit"), { key: "rt-qps" });
    await waitFor(async () => (await delivery("rt-qps"))?.status === "sent", { what: "the retried delivery", timeoutMs: 20_000 });
    expect((await delivery("rt-qps"))?.attempts).toBe(2);
    expect(api.sends.filter((s) => s.text.includes("after the limit"))).toHaveLength(1);

    const calls = api.callsTo("/v1.0/robot/groupMessages/send");
    api.failNext("/v1.0/robot/groupMessages/send", { status: 403, body: { code: "Forbidden.AccessDenied.ApiCountLimitForOrg", message: "quota" } });
    await bot.runtime.services.notify.toConversation(group, plain("never"), { key: "rt-quota" });
    const failed = await waitFor(async () => {
      const row = await delivery("rt-quota");
      return row?.status === "failed" ? row : undefined;
    }, { what: "the failed delivery" });
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toContain("monthly API quota used up");
    expect(api.callsTo("/v1.0/robot/groupMessages/send")).toBe(calls + 1);
  });
});
