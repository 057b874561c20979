import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationRef } from "../../../src/core/adapter.js";
import { image, text } from "../../../src/core/message.js";
import { tinyPng } from "../../helpers/png.js";
import { waitFor } from "../../helpers/wait.js";
import { startSlackHarness, type SlackHarness } from "./slack-http.js";

// A message with a chart through notify → outbox → deliver job → Slack adapter: files.getUploadURLExternal, the
// bytes POSTed to the upload URL, files.completeUploadExternal (private: no channel), then chat.postMessage with an
// image block showing the file by `slack_file: {id}`.

const CHANNEL: ConversationRef = { platform: "slack", tenantId: "T0TEAM", conversationId: "C0CHART", kind: "group" };

describe("Slack images", () => {
  let h: SlackHarness;
  const chart = tinyPng(7, 3, [40, 160, 40]);
  const status = async (key: string) => (await h.test.runtime.database.db.selectFrom("deliveries").select(["status", "attempts"]).where("key", "=", key).executeTakeFirst()) ?? undefined;
  const postsTo = (channel: string) => h.fake.messages.filter((m) => m.channel === channel);

  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("uploads the PNG intact and privately, then posts an image block showing that file", async () => {
    await h.test.runtime.services.notify.toConversation(CHANNEL, { title: "Digest", blocks: [text("Adoption is up"), image(chart, "Adoption chart", "adoption")] }, { key: "slack-image-1" });
    await waitFor(async () => (await status("slack-image-1"))?.status === "sent", { what: "the delivery" });
    expect([...h.fake.uploads.values()]).toEqual([
      { fileId: expect.any(String), filename: "adoption.png", length: chart.length, altTxt: "Adoption chart", bytes: chart, completed: { title: "Adoption chart" } },
    ]);
    const fileId = [...h.fake.uploads.keys()][0];
    const [post, ...more] = postsTo("C0CHART");
    expect(more).toEqual([]);
    expect(post?.blocks).toContainEqual({ type: "image", slack_file: { id: fileId }, alt_text: "Adoption chart" });
  });

  it("a post whose answer was lost is found on retry, not posted again; the file is not uploaded again", async () => {
    h.fake.failNext("chat.postMessage", { lose: true });
    await h.test.runtime.services.notify.toConversation({ ...CHANNEL, conversationId: "C0LOST" }, { blocks: [image(chart, "Adoption chart")] }, { key: "slack-image-2" });
    const row = await waitFor(async () => {
      const s = await status("slack-image-2");
      return s?.status === "sent" ? s : undefined;
    }, { what: "the retried delivery", timeoutMs: 20_000 });
    expect(row.attempts).toBe(2);
    expect(postsTo("C0LOST")).toHaveLength(1);
    expect(h.fake.uploads.size).toBe(1);
    expect(h.fake.callsTo("files.getUploadURLExternal")).toHaveLength(1);
  });

  it("a second recipient (a DM) gets the same file without another upload", async () => {
    await h.test.runtime.services.notify.toUser("slack", "T0TEAM", "U0BOB", { blocks: [image(chart, "Adoption chart")] }, { key: "slack-image-3" });
    await waitFor(async () => (await status("slack-image-3"))?.status === "sent", { what: "the DM" });
    const fileId = [...h.fake.uploads.keys()][0];
    expect(postsTo("DU0BOB").map((m) => m.blocks)).toEqual([[{ type: "image", slack_file: { id: fileId }, alt_text: "Adoption chart" }]]);
    expect(h.fake.uploads.size).toBe(1);
  });
});
