import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FeishuCard } from "../../../adapters/feishu/render.js";
import type { ConversationRef } from "../../../src/core/adapter.js";
import { image, text } from "../../../src/core/message.js";
import type { FakeFeishuApi } from "../../helpers/fake-feishu-api.js";
import { startFeishuWebhookRuntime } from "../../helpers/feishu-webhook-runtime.js";
import { tinyPng } from "../../helpers/png.js";
import type { TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";

// An image through notify → outbox → deliver job → Feishu adapter: uploaded with im/v1/images, shown by its
// image_key in the card, uploaded once however often the delivery is tried or whoever else receives it.

describe("Feishu images", () => {
  let api: FakeFeishuApi;
  let rt: TestRuntime;
  const chart = tinyPng(5, 3);
  const group = (id: string): ConversationRef => ({ platform: "feishu", tenantId: api.tenant.tenant_key, conversationId: id, kind: "group" });
  const status = async (key: string) => (await rt.runtime.database.db.selectFrom("deliveries").select(["status", "attempts"]).where("key", "=", key).executeTakeFirst()) ?? undefined;
  const sentCards = (chatId: string) =>
    api.callsTo("POST", "/im/v1/messages").filter((c) => c.body.receive_id === chatId && c.status === 200).map((c) => JSON.parse(String(c.body.content)) as FeishuCard);

  beforeAll(async () => {
    ({ api, rt } = await startFeishuWebhookRuntime("image test key"));
  });
  afterAll(async () => {
    await rt?.close();
    await api?.close();
  });

  it("uploads the PNG intact as image_type=message and shows it in the card by the image_key", async () => {
    await rt.runtime.services.notify.toConversation(group("oc_digest"), { title: "Digest", blocks: [text("Adoption"), image(chart, "Adoption chart", "adoption.png")] }, { key: "feishu-image-1" });
    await waitFor(async () => (await status("feishu-image-1"))?.status === "sent", { what: "the delivery" });
    expect(api.images).toHaveLength(1);
    const [upload] = api.images;
    expect(upload?.imageType).toBe("message");
    expect(upload?.file).toMatchObject({ field: "image", filename: "adoption.png", contentType: "image/png" });
    expect(upload?.file.bytes.equals(chart)).toBe(true);
    const [card, ...more] = sentCards("oc_digest");
    expect(more).toEqual([]);
    expect(card?.body.elements).toContainEqual({ tag: "img", img_key: upload?.imageKey, alt: { tag: "plain_text", content: "Adoption chart" } });
  });

  it("a retried send and a second recipient reuse the upload: one upload, one card each", async () => {
    api.fail("POST", "/im/v1/messages", { status: 500, code: 1, msg: "internal error" });
    await rt.runtime.services.notify.toConversation(group("oc_retry"), { blocks: [image(chart, "Adoption chart")] }, { key: "feishu-image-2" });
    const row = await waitFor(async () => {
      const s = await status("feishu-image-2");
      return s?.status === "sent" ? s : undefined;
    }, { what: "the retried delivery" });
    expect(row.attempts).toBe(2);
    expect(api.images).toHaveLength(1);
    expect(sentCards("oc_retry")).toHaveLength(1);
    expect(JSON.stringify(sentCards("oc_retry")[0])).toContain(api.images[0]?.imageKey ?? "?");
  });
});
