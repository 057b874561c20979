import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { features } from "../src/features.js";
import { createTestBot, type TestBot } from "./helpers/bot.js";
import { thanksFeature } from "./features/thanks/feature.js";

/**
 * (Its command is `shoutout`: the real adoption feature owns `thanks`.)
 * A feature that lives in one folder (test/features/thanks: a command, a schedule, a hook, a table with its migration,
 * its texts) joins the bot with one line in a feature list — exactly how src/features.ts registers the real ones.
 */
describe("a feature module registered with one line", () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot({ features: [...features, thanksFeature], env: { PORT: "0", HOST: "127.0.0.1" } });
  });
  afterAll(async () => {
    await bot.close();
  });

  it("its HTTP route is served beside the webhooks, with its own body limit", async () => {
    const http = await bot.runtime.startHttp();
    const { port } = http.server.address() as AddressInfo;
    const post = (bytes: number) => fetch(`http://127.0.0.1:${port}/thanks/bulk`, { method: "POST", body: Buffer.alloc(bytes, 97) });
    const big = await post(1_500_000);
    expect(big.status).toBe(200);
    expect(await big.json()).toEqual({ bytes: 1_500_000 });
    expect((await post(2 * 1024 * 1024 + 1)).status).toBe(413);
  });

  it("its migration created its table", async () => {
    const rows = await bot.runtime.database.db.selectFrom("test_thanks").select("id").execute();
    expect(rows).toEqual([]);
  });

  it("its command runs through the dispatcher, with its own texts in the person's language, and is in help", async () => {
    await bot.line(":clock 2026-12-07T10:00:00Z");
    const reply = await bot.as("lina").in("#apollo").says('shoutout @zhangmin "cleaned the lead import"');
    expect(reply.text).toContain("已记录对 张敏 Zhang Min 的感谢。");
    const second = await bot.as("anna").dm().says("shoutout @zhangmin great training");
    expect(second.text).toContain("Thanks to 张敏 Zhang Min noted.");
    // …and its own job told the person thanked, once, in a DM.
    const told = second.messages.filter((m) => m.conversation.conversationId === "dm:zhangmin");
    expect(told.map((m) => m.message.title)).toEqual(["You were thanked"]);
    expect(second.text).toContain("Anna Schmidt thanked you: great training");
    expect((await bot.as("anna").dm().says("help shoutout")).text).toContain("Thank a teammate");
  });

  it("its own permission decides who may run it, and the refusal names the roles that may", async () => {
    const refused = await bot.as("wangfang").dm().says("shoutout @zhangmin nice");
    expect(refused.text).toContain("抱歉，shoutout 需要本项目的「项目经理、关键用户、项目成员或顾问」角色。");
    // Nothing was written: the two thank-yous above are all there is.
    expect(await bot.runtime.database.db.selectFrom("test_thanks").select("id").execute()).toHaveLength(2);
  });

  it("its schedule fires through the one scheduler, and its ICU plural reads right", async () => {
    const evening = await bot.line(":clock 2026-12-07T17:00:00Z");
    const digest = evening.messages.find((m) => m.message.title === "Thanks today");
    expect(digest?.conversation.conversationId).toBe("dm:lina");
    expect(evening.text).toContain("2 thank-yous today in Apollo CRM 上线.");
    expect((await bot.line(":clock 2026-12-07T17:01:00Z")).messages).toHaveLength(0);
  });

  it("its hook hears a group message that does not address the bot", async () => {
    const heard = await bot.as("anna").in("#apollo").says(":say thanks everyone for the help today");
    expect(heard.text).toContain('I saw a thank-you: try shoutout @name "what for" so it counts');
    expect((await bot.as("anna").in("#apollo").says(":say the import finished")).messages).toHaveLength(0);
  });
});
