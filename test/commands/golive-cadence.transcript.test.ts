import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** The commander's update cadence: every N minutes from the last update, once across a clock jump, "remind me in …". */
describe("war-room update cadence", () => {
  let bot: TestBot;
  const reminders = () => bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "dm:zhangmin" && s.message.title === "该发作战室更新了").length;

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-05T02:00:00Z");
    await bot.as("lina").dm().says("warroom open");
    await bot.as("lina").dm().says("warroom role commander @zhangmin");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("asks the commander every 60 minutes, once after a clock jump, with remind-me buttons", async () => {
    await bot.line(":clock 2026-12-05T02:59:00Z");
    expect(reminders()).toBe(0);
    await bot.line(":clock 2026-12-05T03:01:00Z");
    expect(reminders()).toBe(1);
    await bot.line(":clock 2026-12-05T06:30:00Z"); // the bot was down three and a half hours
    expect(reminders()).toBe(2);
    const last = bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "dm:zhangmin").at(-1)!;
    expect(JSON.stringify(last.message)).toContain('"command":"warroom remind 30"');
  });

  it("\"remind me in 30 min\" moves the next reminder; an update restarts the count", async () => {
    expect((await bot.as("zhangmin").dm().says("warroom remind 30")).text).toContain("30");
    await bot.line(":clock 2026-12-05T06:50:00Z");
    expect(reminders()).toBe(2);
    await bot.line(":clock 2026-12-05T07:01:00Z");
    expect(reminders()).toBe(3);
    await bot.line(":clock 2026-12-05T07:59:00Z");
    expect(reminders()).toBe(3);
    await bot.line(":clock 2026-12-05T08:01:00Z");
    expect(reminders()).toBe(4);
    await bot.line(":clock 2026-12-05T08:10:00Z");
    await bot.as("zhangmin").dm().says('warroom update --conditions "stable"');
    await bot.line(":clock 2026-12-05T09:05:00Z");
    expect(reminders()).toBe(4);
    await bot.line(":clock 2026-12-05T09:11:00Z");
    expect(reminders()).toBe(5);
    expect((await bot.as("anna").dm().says("warroom remind 30")).text).toContain("commander or the PM");
    expect((await bot.as("anna").dm().says("warroom cadence 5")).text).toContain("minutes");
  });

  it("while a sev1 is open the commander is asked every 30 minutes", async () => {
    await bot.line(":clock 2026-12-05T10:00:00Z");
    await bot.as("zhangmin").dm().says('warroom update --conditions "calm"');
    await bot.as("anna").dm().says('warroom issue "orders fail" --sev 1 --owner @chenwei');
    const before = reminders();
    await bot.line(":clock 2026-12-05T10:31:00Z");
    expect(reminders()).toBe(before + 1);
    await bot.as("chenwei").dm().says("warroom resolve I-1");
    await bot.line(":clock 2026-12-05T11:01:00Z");
    expect(reminders()).toBe(before + 2); // the hourly point from the 10:00 update
    await bot.line(":clock 2026-12-05T11:31:00Z");
    expect(reminders()).toBe(before + 2);
  });

  it("the reply words typed in a DM explain themselves", async () => {
    expect((await bot.as("anna").dm().says("issue")).text).toContain("@bot issue");
  });
});
