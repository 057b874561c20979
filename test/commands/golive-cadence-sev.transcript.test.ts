import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** Per-severity cadences (`warroom cadence N --sev s`) and the cadence across clock jumps; sev1 pages go out urgent. */
describe("war-room cadence per severity", () => {
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

  it("a severity outside 1–4 is refused by name; only the commander or the PM sets a cadence", async () => {
    expect((await bot.as("zhangmin").dm().says("warroom cadence 20 --sev 7")).text).toContain("7");
    expect((await bot.as("anna").dm().says("warroom cadence 20 --sev 2")).text).toContain("commander or the PM");
    const set = await bot.as("zhangmin").dm().says("warroom cadence 20 --sev 2");
    expect(set.text).toMatch(/S2|sev2/);
    expect(set.text).toContain("20");
    expect((await bot.as("zhangmin").dm().says("warroom timeline")).text).toContain("S2 20");
  });

  it("while a sev2 is open the commander is asked every 20 minutes; once it is resolved the room's 60 minutes again", async () => {
    await bot.line(":clock 2026-12-05T03:00:00Z");
    await bot.as("zhangmin").dm().says('warroom update --conditions "calm"');
    await bot.as("anna").dm().says('warroom issue "reports slow" --sev 2 --owner @chenwei');
    const before = reminders();
    await bot.line(":clock 2026-12-05T03:19:00Z");
    expect(reminders()).toBe(before);
    await bot.line(":clock 2026-12-05T03:21:00Z");
    expect(reminders()).toBe(before + 1);
    await bot.line(":clock 2026-12-05T03:41:00Z");
    expect(reminders()).toBe(before + 2);
    await bot.as("chenwei").dm().says("warroom resolve I-1");
    await bot.line(":clock 2026-12-05T03:59:00Z");
    expect(reminders()).toBe(before + 2);
    await bot.line(":clock 2026-12-05T04:01:00Z");
    expect(reminders()).toBe(before + 3); // the hourly point from the 03:00 update
  });

  it("a sev1 override beats the default 30 minutes; a clock jump over many points asks once; sev1 pages are urgent", async () => {
    await bot.as("zhangmin").dm().says("warroom cadence 15 --sev 1");
    await bot.line(":clock 2026-12-05T05:00:00Z");
    await bot.as("zhangmin").dm().says('warroom update --conditions "quiet"');
    await bot.as("anna").dm().says('warroom issue "orders fail" --sev 1 --owner @chenwei');
    const before = reminders();
    await bot.line(":clock 2026-12-05T05:16:00Z");
    expect(reminders()).toBe(before + 1);
    // The bot was down two hours: eight 15-minute points passed, one reminder is sent, keyed to the latest point.
    await bot.line(":clock 2026-12-05T07:20:00Z");
    expect(reminders()).toBe(before + 2);
    await bot.line(":clock 2026-12-05T07:29:00Z");
    expect(reminders()).toBe(before + 2);
    await bot.line(":clock 2026-12-05T07:31:00Z");
    expect(reminders()).toBe(before + 3);
    // A clock set back (NTP correction) sends nothing again for points already sent.
    await bot.line(":clock 2026-12-05T07:20:00Z");
    await bot.line(":clock 2026-12-05T07:32:00Z");
    expect(reminders()).toBe(before + 3);

    // The sev1 passed its 15-minute target long ago: its owner and the commander were paged, each page pushed urgent.
    const pages = bot.runtime.console!.sent.filter((s) => s.message.title?.includes("I-2"));
    expect(new Set(pages.map((p) => p.conversation.conversationId))).toEqual(new Set(["dm:chenwei", "dm:zhangmin"]));
    expect(bot.runtime.console!.buzzed.map((b) => b.messageId).sort()).toEqual(pages.map((p) => p.id).sort());
    const buzzed = bot.runtime.console!.buzzed.flatMap((b) => b.userIds);
    expect(buzzed.filter((u) => u === "chenwei")).toHaveLength(1);
    expect(buzzed.filter((u) => u === "zhangmin")).toHaveLength(1);
  });
});
