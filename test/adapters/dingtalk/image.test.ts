import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationRef } from "../../../src/core/adapter.js";
import { image, text } from "../../../src/core/message.js";
import { startFakeDingtalkGateway, type FakeDingtalkGateway } from "../../helpers/fake-dingtalk.js";
import { startFakeDingtalkApi, type FakeDingtalkApi } from "../../helpers/fake-dingtalk-api.js";
import { tinyPng } from "../../helpers/png.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, testAdapter } from "./dingtalk-test-support.js";

// A message with a chart through notify → outbox → deliver job → DingTalk adapter: the text as sampleMarkdown,
// then the chart uploaded to /media/upload (type=image) and sent as sampleImageMsg with photoURL = media_id.

describe("DingTalk images", () => {
  let gateway: FakeDingtalkGateway;
  let api: FakeDingtalkApi;
  let bot: TestRuntime;
  const chart = tinyPng(3, 5, [200, 30, 30]);
  const group: ConversationRef = { platform: "dingtalk", tenantId: APP.corpId, conversationId: APP.groupId, kind: "group" };
  const delivery = (key: string) => bot.runtime.database.db.selectFrom("deliveries").selectAll().where("key", "=", key).executeTakeFirst();

  beforeAll(async () => {
    gateway = await startFakeDingtalkGateway({ clientId: APP.clientId, clientSecret: APP.clientSecret });
    api = await startFakeDingtalkApi({ appKey: APP.clientId, appSecret: APP.clientSecret, robotCode: APP.clientId });
    const adapter = testAdapter({ gatewayUrl: gateway.url, apiUrl: api.url, oapiUrl: api.url, stream: { reconnectInitialMs: 20, keepaliveMs: 0 } });
    bot = await startTestRuntime({ adapters: [adapter], env: { DEMO_SEED: "false" } });
  });
  afterAll(async () => {
    await bot?.close();
    await gateway?.close();
    await api?.close();
  });

  it("sends the text, then the image by the media_id of its upload; the bytes arrive intact", async () => {
    await bot.runtime.services.notify.toConversation(group, { title: "Digest", blocks: [text("Adoption is up"), image(chart, "Adoption chart", "adoption.png")] }, { key: "dt-image-1" });
    await waitFor(async () => (await delivery("dt-image-1"))?.status === "sent", { what: "the delivery" });
    expect(api.mediaUploads).toHaveLength(1);
    const [upload] = api.mediaUploads;
    expect(upload?.type).toBe("image");
    expect(upload?.file).toMatchObject({ field: "media", filename: "adoption.png", contentType: "image/png" });
    expect(upload?.file.bytes.equals(chart)).toBe(true);
    const sent = api.sends.filter((s) => s.target === APP.groupId);
    expect(sent.map((s) => s.msgKey)).toEqual(["sampleMarkdown", "sampleImageMsg"]);
    expect(sent[1]?.photoURL).toBe(upload?.mediaId);
  });

  it("after a failed upload the retry sends the image once, without re-sending the text; a second recipient reuses the upload", async () => {
    api.failNext("/media/upload", { status: 503, body: { errcode: -1, errmsg: "系统繁忙" } });
    const week2 = tinyPng(2, 6, [30, 30, 200]);
    await bot.runtime.services.notify.toUser("dingtalk", APP.corpId, "zhangsan01", { blocks: [text("Week 2"), image(week2, "Week 2 chart")] }, { key: "dt-image-2" });
    const row = await waitFor(async () => {
      const found = await delivery("dt-image-2");
      return found?.status === "sent" ? found : undefined;
    }, { what: "the retried delivery", timeoutMs: 20_000 });
    expect(row.attempts).toBe(2);
    expect(api.sends.filter((s) => s.target === "zhangsan01").map((s) => s.msgKey)).toEqual(["sampleMarkdown", "sampleImageMsg"]);
    expect(api.mediaUploads.filter((u) => u.file.bytes.equals(week2))).toHaveLength(1);

    await bot.runtime.services.notify.toUser("dingtalk", APP.corpId, "lisi02", { blocks: [image(week2, "Week 2 chart")] }, { key: "dt-image-3" });
    await waitFor(async () => (await delivery("dt-image-3"))?.status === "sent", { what: "the second recipient" });
    expect(api.mediaUploads.filter((u) => u.file.bytes.equals(week2))).toHaveLength(1);
    expect(api.sends.filter((s) => s.target === "lisi02").map((s) => s.msgKey)).toEqual(["sampleImageMsg"]);
  });
});
