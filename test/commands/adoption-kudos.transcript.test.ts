import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** `thanks @x <reason>`: a point for the receiver, who hears who and why; five a day per giver; never yourself. */
describe("kudos through the console", () => {
  let bot: TestBot;
  const kudosCount = async () => (await bot.runtime.database.db.selectFrom("adoption_kudos").select("id").execute()).length;

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("a thank-you is noted, and the receiver is told who thanked them and why, in their language", async () => {
    const reply = await bot.as("lina").in("#apollo").says('thanks @anna "fixed the duplicate accounts"');
    expect(reply.text).toContain("已记录对 Anna Schmidt 的感谢，我会转告对方。今天还可以感谢 4 次。");
    const told = reply.messages.filter((m) => m.conversation.conversationId === "dm:anna");
    expect(told.map((m) => m.message.title)).toEqual(["You were thanked"]);
    expect(reply.text).toContain("李娜 Li Na thanked you: fixed the duplicate accounts");
  });

  it("the Chinese aliases work: 感谢 and 点赞", async () => {
    expect((await bot.as("lina").dm().says("感谢 @liuyang 帮我补全了客户资料")).text).toContain("已记录对 刘洋 Liu Yang 的感谢");
    expect((await bot.as("lina").dm().says("点赞 @zhangmin 培训讲得好")).text).toContain("今天还可以感谢 2 次。");
  });

  it("thanking yourself is refused and counts nothing", async () => {
    const before = await kudosCount();
    expect((await bot.as("lina").dm().says("thanks @lina great work")).text).toContain("感谢自己不算哦");
    expect(await kudosCount()).toBe(before);
  });

  it("a reason is needed, and the refusal shows an example", async () => {
    const reply = await bot.as("anna").dm().says("thanks @lina");
    expect(reply.text).toContain("thanks @zhangmin");
    expect(await kudosCount()).toBe(3);
  });

  it("five a day per giver: the sixth is refused, and the admin is told once", async () => {
    await bot.as("lina").dm().says("thanks @tom workshop");
    const fifth = await bot.as("lina").dm().says("thanks @chenwei server fix");
    expect(fifth.text).toContain("这是你今天最后一次感谢。");
    const sixth = await bot.as("lina").dm().says("thanks @anna again");
    expect(sixth.text).toContain("你今天的 5 次感谢已经用完，明天再送吧。");
    const toAdmin = sixth.messages.filter((m) => m.conversation.conversationId === "dm:chenwei");
    expect(toAdmin.map((m) => m.message.blocks)).toHaveLength(1);
    expect(sixth.text).toContain("李娜 Li Na 在 2026-12-07 试图送出超过 5 次感谢；超出部分未计分。");
    const seventh = await bot.as("lina").dm().says("thanks @anna and again");
    expect(seventh.messages.filter((m) => m.conversation.conversationId === "dm:chenwei")).toHaveLength(0);
    expect(await kudosCount()).toBe(5);
  });

  it("a script firing thousands of thank-yous at once is capped at five, and the admin is told once", async () => {
    const db = bot.runtime.database.db;
    const project = await db.selectFrom("projects").select(["id", "tenant_id", "timezone"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    const people = await db.selectFrom("people").select(["id", "display_name"]).where("tenant_id", "=", project.tenant_id).execute();
    const tom = people.find((p) => p.display_name === "Tom Becker")!;
    const anna = people.find((p) => p.display_name === "Anna Schmidt")!;
    const give = () =>
      bot.runtime.services.adoption.kudos.give({ tenantId: project.tenant_id, projectId: project.id, timezone: project.timezone, giverId: tom.id, giverName: tom.display_name, receiverId: anna.id, reason: "scripted" });
    // 5,000 tries in waves of 100 at once (a script on several connections).
    let fulfilled = 0;
    for (let wave = 0; wave < 50; wave++) fulfilled += (await Promise.allSettled(Array.from({ length: 100 }, give))).filter((r) => r.status === "fulfilled").length;
    expect(fulfilled).toBe(5);
    const notes = await db.selectFrom("deliveries").select("key").where("key", "like", `adoption:kudos-cap:${tom.id}:%`).execute();
    expect(notes).toHaveLength(1);
  }, 60_000);

  it("the next day the giver may thank again", async () => {
    await bot.line(":clock 2026-12-08T02:00:00Z");
    expect((await bot.as("lina").dm().says("thanks @anna new day")).text).toContain("今天还可以感谢 4 次。");
  });
});
