import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

const dm = (reply: Reply, who: string) => reply.messages.filter((m) => m.conversation.conversationId === `dm:${who}`).map((m) => toPlainText(m.message)).join("\n");

/**
 * The reminder ladder across China's National Day holiday (2026-10-01 … 10-07; Asia/Shanghai, 09:00–18:00): urgent
 * feedback filed on the eve waits 4 working hours — two that evening, two after the holiday — before the key user
 * hears of it, and twice that before the PM does; a normal item waits two working days.
 */
describe("feedback: untriaged items remind key users, then the PM, in working time", () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-09-30T08:00:00Z"); // Wednesday 16:00 in Shanghai
    await bot.as("liuyang").in("#apollo").says('feedback "订单同步失败，客户拿不到报价" --priority urgent');
    await bot.as("liuyang").in("#apollo").says('feedback "希望报表能按月导出"');
  });
  afterAll(async () => {
    await bot.close();
  });

  it("nothing before the target, nothing on the holiday", async () => {
    expect(dm(await bot.line(":clock 2026-09-30T09:50:00Z"), "zhangmin")).toBe(""); // 17:50, 1 h 50 of work
    expect(dm(await bot.line(":clock 2026-10-02T02:30:00Z"), "zhangmin")).toBe(""); // National Day
    expect(dm(await bot.line(":clock 2026-10-08T02:50:00Z"), "zhangmin")).toBe(""); // Thursday 10:50: 3 h 50
  });

  it("after four working hours the key user is reminded of the urgent item, once; the PM not yet", async () => {
    const due = await bot.line(":clock 2026-10-08T03:05:00Z"); // 11:05: 4 h 05
    expect(dm(due, "zhangmin")).toContain("FB-1");
    expect(dm(due, "zhangmin")).toContain("紧急");
    expect(dm(due, "zhangmin")).not.toContain("FB-2");
    expect(dm(due, "lina")).toBe("");
    expect(dm(await bot.line(":clock 2026-10-08T03:30:00Z"), "zhangmin")).toBe("");
  });

  it("after twice the target the PM hears too; a normal item waits two working days", async () => {
    const pm = await bot.line(":clock 2026-10-08T07:05:00Z"); // 15:05: 8 h 05
    expect(dm(pm, "lina")).toContain("FB-1");
    expect(dm(pm, "lina")).toContain("两倍");
    expect(dm(pm, "zhangmin")).toBe("");
    const evening = await bot.line(":clock 2026-10-08T11:00:00Z"); // 19:00: out of work hours
    expect(dm(evening, "zhangmin")).toBe("");
    const friday = await bot.line(":clock 2026-10-09T08:05:00Z"); // Friday 16:05: FB-2 has 18 h 05 of work
    expect(dm(friday, "zhangmin")).toContain("FB-1");
    expect(dm(friday, "zhangmin")).toContain("FB-2");
    expect(dm(friday, "zhangmin").match(/等待分诊/g)).toHaveLength(1);
  });

  it("triage stops the reminders", async () => {
    await bot.as("zhangmin").dm().says("feedback triage FB-1 --type bug");
    await bot.as("zhangmin").dm().says("feedback triage FB-2 --type suggestion --priority low");
    const saturday = await bot.line(":clock 2026-10-10T02:00:00Z"); // a make-up working Saturday
    expect(dm(saturday, "zhangmin")).toBe("");
    expect(dm(saturday, "lina")).toBe("");
  });
});
