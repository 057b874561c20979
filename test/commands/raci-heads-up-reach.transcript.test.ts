import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

function headsUps(reply: Reply, handle: string) {
  return reply.messages.filter((m) => m.conversation.conversationId === `dm:${handle}` && m.message.title?.startsWith("即将到期"));
}

/**
 * The longest heads-up lead (five working days) across the Dragon Boat holiday (Friday 2026-06-19) and a day of
 * the R's leave: the nag tick reads only tasks due within the lead counted in each person's working days, so a
 * task due nine calendar days ahead must still get its heads-up, and one due a day later must not come early.
 */
describe("RACI heads-up at the longest lead, across a holiday and leave", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-06-10T10:00+08:00");
    await bot.as("lina").says("raci settings --heads-up 5");
    await bot.as("lina").says('task add "Load price books" --r @liuyang --a @zhangmin --due 2026-06-25');
    await bot.as("lina").says('task add "Train the call centre" --r @liuyang --a @zhangmin --due 2026-06-26');
    await bot.as("liuyang").says("standup away 2026-06-18");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("sends the heads-up for a task due nine days ahead on the fifth working day before it", async () => {
    expect(headsUps(await bot.line(":clock 2026-06-15T09:00+08:00"), "liuyang")).toHaveLength(0);
    const tuesday = headsUps(await bot.line(":clock 2026-06-16T09:00+08:00"), "liuyang");
    expect(tuesday).toHaveLength(1);
    expect(tuesday[0]?.message.title).toBe("即将到期：1 项任务");
    const text = toPlainText(tuesday[0]!.message);
    expect(text).toContain("Load price books");
    expect(text).not.toContain("Train the call centre");
  });

  it("and the next day the one due a day later", async () => {
    const wednesday = headsUps(await bot.line(":clock 2026-06-17T09:00+08:00"), "liuyang");
    expect(wednesday).toHaveLength(1);
    const text = toPlainText(wednesday[0]!.message);
    expect(text).toContain("Train the call centre");
    expect(text).not.toContain("Load price books");
  });
});
