import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatAdapter, ConversationRef } from "../../../src/core/adapter.js";
import { actions, button, plain, text } from "../../../src/core/message.js";
import { createPlatformAdapters } from "../../../src/platforms.js";
import { startFakeWecomApi, type FakeWecomApi } from "../../helpers/fake-wecom-api.js";
import { testConfig } from "../../helpers/services.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, cardClickXml, post, seal, silent, testAdapter } from "./wecom-test-support.js";

describe("WeCom through the runtime: card updates, groups without buttons, error classes", () => {
  let fake: FakeWecomApi;
  let bot: TestRuntime;
  let adapter: ChatAdapter;
  let base: string;

  const updatesTo = (code: string) => fake.cardUpdates.filter((u) => u.response_code === code);
  const updateCalls = () => fake.calls.filter((c) => c.path === "message/update_template_card").length;
  const delivery = (key: string) => bot.runtime.database.db.selectFrom("deliveries").selectAll().where("key", "=", key).executeTakeFirst();

  beforeAll(async () => {
    fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret, windowScale: 0.01 });
    adapter = testAdapter({ apiUrl: fake.url, rateWindowScale: 0.01 });
    bot = await startTestRuntime({ adapters: [adapter], env: { PORT: "0", HOST: "127.0.0.1", DEMO_SEED: "false" } });
    const http: FastifyInstance = await bot.runtime.startHttp();
    const address = http.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  it("a button click runs its command and updates the clicked card once, through the deliver job", async () => {
    const code = fake.issueResponseCode();
    expect(await post(base, seal(cardClickXml({ from: "zhangsan", key: "whoami", responseCode: code })))).toEqual({ status: 200, body: "" });
    const [update] = await waitFor(() => (updatesTo(code).length > 0 ? updatesTo(code) : undefined), { what: "the card update" });
    expect(update).toMatchObject({ response_code: code, userids: ["zhangsan"], agentid: 1000002, template_card: { card_type: "button_interaction" } });
    expect(update).toMatchObject({ template_card: { main_title: { title: "你是 zhangsan" } } }); // whoami's answer is the new card
    await bot.runtime.settle();
    expect(fake.deliveredTo("zhangsan")).toHaveLength(0);
  });

  it("falls back to a new message when the code was already used here, refused by WeCom, or older than 72 h", async () => {
    const code = fake.issueResponseCode();
    const now = Math.floor(Date.now() / 1000);
    await post(base, seal(cardClickXml({ from: "lisi", key: "whoami", responseCode: code, createTime: now })));
    await waitFor(() => updatesTo(code).length === 1, { what: "the first update" });

    await post(base, seal(cardClickXml({ from: "lisi", key: "whoami", responseCode: code, createTime: now + 1 })));
    await waitFor(() => fake.deliveredTo("lisi").length === 1, { what: "a new message instead of a second update" });

    const callsBefore = updateCalls();
    await post(base, seal(cardClickXml({ from: "lisi", key: "whoami", responseCode: "spent-elsewhere", createTime: now + 2 })));
    await waitFor(() => fake.deliveredTo("lisi").length === 2, { what: "the fallback after WeCom refused the code" });
    expect(updateCalls()).toBe(callsBefore + 1);

    const fresh = fake.issueResponseCode();
    await post(base, seal(cardClickXml({ from: "lisi", key: "whoami", responseCode: fresh, createTime: now - 73 * 3600 })));
    await waitFor(() => fake.deliveredTo("lisi").length === 3, { what: "a new message for an expired code" });
    expect(updateCalls()).toBe(callsBefore + 1);
    expect(updatesTo(code)).toHaveLength(1);
    expect(updatesTo(fresh)).toHaveLength(0);
  });

  it("sends buttons as a template card in a DM, and as numbered replies (markdown) in an app group", async () => {
    const withButtons = { blocks: [text("T-42 is due"), actions(button("Done", "task done T-42"), button("Snooze", "task snooze T-42"))] };
    const group: ConversationRef = await adapter.createGroup!({ tenantId: APP.corpId, name: "War room", ownerId: "wangwu", memberIds: ["zhaoliu"] });
    await bot.runtime.services.notify.toConversation(group, withButtons, { key: "group-buttons" });
    await bot.runtime.services.notify.toUser("wecom", APP.corpId, "wangwu", withButtons, { key: "dm-buttons" });
    await waitFor(() => fake.deliveredTo("wangwu").length === 2, { what: "both messages" });
    const inGroup = fake.deliveredTo("wangwu").find((d) => d.chatId === group.conversationId);
    const inDm = fake.deliveredTo("wangwu").find((d) => d.chatId === undefined);
    expect(inGroup?.msgtype).toBe("markdown");
    expect(JSON.stringify(inGroup?.body)).toMatch(/1\. Done.*2\. Snooze/);
    expect(inDm?.msgtype).toBe("template_card");
    expect(fake.calls.some((c) => c.path === "appchat/send" && c.body.msgtype === "template_card")).toBe(false);
  });

  it("retries a 45009 after the window and delivers; fails a 60020 for good with what to configure", async () => {
    fake.failNext("message/send", 45009, "api freq out of limit");
    await bot.runtime.services.notify.toUser("wecom", APP.corpId, "zhaoliu", plain("after the limit"), { key: "limited" });
    await waitFor(async () => (await delivery("limited"))?.status === "sent", { what: "the retried delivery", timeoutMs: 20_000 });
    expect((await delivery("limited"))?.attempts).toBe(2);

    fake.failNext("message/send", 60020);
    await bot.runtime.services.notify.toUser("wecom", APP.corpId, "zhaoliu", plain("never"), { key: "untrusted" });
    const failed = await waitFor(async () => {
      const row = await delivery("untrusted");
      return row?.status === "failed" ? row : undefined;
    }, { what: "the failed delivery" });
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toContain("企业可信IP");
    expect(failed.last_error).toContain("203.0.113.7");
  });
});

describe("WeCom wiring in src/platforms.ts", () => {
  const app = { WECOM_CORP_ID: APP.corpId, WECOM_AGENT_ID: APP.agentId, WECOM_SECRET: APP.secret, WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.encodingAesKey };

  it("creates the adapter when the five app variables are set, with the configured window scale", async () => {
    const wecom = createPlatformAdapters(testConfig({ ...app, WECOM_RATE_WINDOW_SCALE: "0.01" }), silent).find((a) => a.platform === "wecom");
    expect(wecom?.platform).toBe("wecom");
    expect(wecom?.capabilities.rateLimits.map((r) => r.windowMs)).toEqual([600 + 1000, 36_000 + 1000]);
    expect(await wecom?.knownTenants?.()).toEqual([{ externalId: APP.corpId, name: `WeCom ${APP.corpId}` }]);
    expect(createPlatformAdapters(testConfig({}), silent).filter((a) => a.platform === "wecom")).toHaveLength(0);
  });

  it("refuses a partial configuration, naming what is missing", () => {
    expect(() => createPlatformAdapters(testConfig({ WECOM_CORP_ID: APP.corpId, WECOM_SECRET: "s" }), silent)).toThrow(/WECOM_AGENT_ID, WECOM_TOKEN, WECOM_ENCODING_AES_KEY/);
    expect(() => createPlatformAdapters(testConfig({ ...app, WECOM_AIBOT_ID: "bot" }), silent)).toThrow(/WECOM_AIBOT_SECRET/);
  });
});
