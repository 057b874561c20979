import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatAdapter } from "../../../src/core/adapter.js";
import { actions, button, image, text } from "../../../src/core/message.js";
import { startFakeWecomApi, type FakeWecomApi } from "../../helpers/fake-wecom-api.js";
import { tinyPng } from "../../helpers/png.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, testAdapter } from "./wecom-test-support.js";

// A card with a chart through notify → outbox → deliver job → WeCom adapter: the template card cannot hold an
// image, so the chart is a second part — media/upload (type=image), then a msgtype image message naming the media_id.

describe("WeCom images", () => {
  let fake: FakeWecomApi;
  let bot: TestRuntime;
  let adapter: ChatAdapter;
  const chart = tinyPng(4, 4, [10, 200, 30]);
  const digest = { title: "Weekly digest", blocks: [text("Adoption is up"), image(chart, "Adoption chart", "adoption.png"), actions(button("Details", "digest show"))] };
  const delivery = (key: string) => bot.runtime.database.db.selectFrom("deliveries").selectAll().where("key", "=", key).executeTakeFirst();

  beforeAll(async () => {
    fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret, windowScale: 0.01 });
    adapter = testAdapter({ apiUrl: fake.url, rateWindowScale: 0.01 });
    bot = await startTestRuntime({ adapters: [adapter], env: { DEMO_SEED: "false" } });
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  it("sends the card, then the image by its uploaded media_id; the bytes arrive intact", async () => {
    await bot.runtime.services.notify.toUser("wecom", APP.corpId, "zhangsan", digest, { key: "wecom-image-1" });
    await waitFor(async () => (await delivery("wecom-image-1"))?.status === "sent", { what: "the delivery" });
    expect(fake.uploads).toHaveLength(1);
    const [upload] = fake.uploads;
    expect(upload?.type).toBe("image");
    expect(upload?.file).toMatchObject({ field: "media", filename: "adoption.png", contentType: "image/png" });
    expect(upload?.file.bytes.equals(chart)).toBe(true);
    expect(fake.deliveredTo("zhangsan").map((d) => d.msgtype)).toEqual(["template_card", "image"]);
    expect(fake.deliveredTo("zhangsan")[1]?.body).toMatchObject({ msgtype: "image", image: { media_id: upload?.mediaId }, agentid: 1000002, enable_duplicate_check: 1 });
  });

  it("after a failed upload the retry sends only what is missing: the card once, the image once", async () => {
    fake.failNext("media/upload", -1, "system busy");
    const other = tinyPng(6, 2, [90, 90, 90]);
    await bot.runtime.services.notify.toUser("wecom", APP.corpId, "lisi", { ...digest, blocks: [text("Week 2"), image(other, "Week 2 chart"), actions(button("Details", "digest show"))] }, { key: "wecom-image-2" });
    const row = await waitFor(async () => {
      const found = await delivery("wecom-image-2");
      return found?.status === "sent" ? found : undefined;
    }, { what: "the retried delivery", timeoutMs: 20_000 });
    expect(row.attempts).toBe(2);
    expect(fake.deliveredTo("lisi").map((d) => d.msgtype)).toEqual(["template_card", "image"]);
    expect(fake.uploads.filter((u) => u.file.bytes.equals(other))).toHaveLength(1);
  });

  it("a second recipient, in an app group, gets the image without another upload", async () => {
    const group = await adapter.createGroup!({ tenantId: APP.corpId, name: "War room", ownerId: "wangwu", memberIds: ["zhaoliu"] });
    const before = fake.uploads.length;
    await bot.runtime.services.notify.toConversation(group, { blocks: [image(chart, "Adoption chart")] }, { key: "wecom-image-3" });
    await waitFor(async () => (await delivery("wecom-image-3"))?.status === "sent", { what: "the group delivery" });
    expect(fake.uploads).toHaveLength(before);
    const sent = fake.calls.filter((c) => c.path === "appchat/send" && c.body.chatid === group.conversationId);
    expect(sent.map((c) => c.body)).toEqual([{ chatid: group.conversationId, msgtype: "image", image: { media_id: fake.uploads[0]?.mediaId }, safe: 0 }]);
  });
});
