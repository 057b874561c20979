import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonsOf } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

/** What one person received in a reply (their DM). */
function dm(reply: Reply, handle: string) {
  return reply.messages.filter((m) => m.conversation.conversationId === `dm:${handle}`);
}

function textOf(reply: Reply, handle: string): string {
  return dm(reply, handle)
    .map((m) => `${m.message.title ?? ""}\n${toPlainText(m.message)}`)
    .join("\n");
}

/**
 * The nag ladder over a week and a half of the demo project (Asia/Shanghai, cn calendar; the Dragon Boat
 * holiday falls on Friday 2026-06-19): heads-up, overdue R, escalation to A, snooze, leave, a holiday skipped,
 * the sponsor's "needs your decision", done (Informed told in their own working hours), and blocked (A told once).
 */
describe("RACI nag ladder through the console driver", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-06-10T10:00+08:00");
    await bot.as("lina").says('task add "Migrate lead data" --r @liuyang --a @zhangmin --c tom --i anna --due 2026-06-12 --phase build');
    await bot.as("lina").says('task add "Clean up duplicate accounts" --r @liuyang --a @zhangmin --due 2026-06-12');
    await bot.as("lina").says('task add "Sign off the data model" --r @zhangmin --a @lina --due 2026-07-30');
  });
  afterAll(async () => {
    await bot.close();
  });

  it("sends each R one heads-up a working day before due, listing all their tasks, and nothing twice", async () => {
    expect((await bot.line(":clock 2026-06-11T08:59+08:00")).messages).toHaveLength(0);
    const morning = await bot.line(":clock 2026-06-11T09:00+08:00");
    expect(morning.messages).toHaveLength(1);
    const [headsUp] = dm(morning, "liuyang");
    expect(headsUp?.message.title).toBe("即将到期：2 项任务");
    expect(textOf(morning, "liuyang")).toContain("T-1");
    expect(textOf(morning, "liuyang")).toContain("请咨询：Tom Becker");
    await bot.runtime.tick.tick(new Date("2026-06-11T09:00:00+08:00"));
    await bot.runtime.tick.tick(new Date("2026-06-11T09:05:00+08:00"));
    await bot.runtime.settle();
    expect(bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "dm:liuyang" && s.message.title?.startsWith("即将到期"))).toHaveLength(1);
  });

  it("says nothing on the due date itself", async () => {
    expect((await bot.line(":clock 2026-06-12T09:00+08:00")).messages).toHaveLength(0);
  });

  it("nags R once per working day at work start, one message with Done / Snooze 1d / Blocked per task", async () => {
    expect((await bot.line(":clock 2026-06-13T09:00+08:00")).messages).toHaveLength(0);
    const monday = await bot.line(":clock 2026-06-15T09:00+08:00");
    expect(monday.messages).toHaveLength(1);
    const [nag] = dm(monday, "liuyang");
    expect(nag?.message.title).toBe("你有 2 项任务已逾期");
    expect(buttonsOf(nag!.message).map((b) => b.command)).toEqual([
      "task done T-1",
      "task snooze T-1 1d",
      "task status T-1 blocked",
      "task done T-2",
      "task snooze T-2 1d",
      "task status T-2 blocked",
    ]);
  });

  it("a Snooze 1d click skips the task on the next working day", async () => {
    await bot.line(":clock 2026-06-15T09:05+08:00");
    const snoozed = await bot.as("liuyang").clicks(5);
    expect(snoozed.text).toContain("T-2 的提醒已暂停，2026-06-17 恢复");
    const tuesday = await bot.line(":clock 2026-06-16T09:00+08:00");
    expect(textOf(tuesday, "liuyang")).toContain("你有 1 项任务已逾期");
    expect(textOf(tuesday, "liuyang")).not.toContain("T-2");
    const escalation = dm(tuesday, "zhangmin");
    expect(escalation).toHaveLength(1);
    expect(escalation[0]?.message.title).toBe("你负责批准的逾期任务（1）");
    expect(textOf(tuesday, "zhangmin")).toContain("R: 刘洋 Liu Yang");
    expect(textOf(tuesday, "zhangmin")).toContain("已逾期 2 个工作日");
    expect(dm(tuesday, "wangfang")).toHaveLength(0);
    const wednesday = await bot.line(":clock 2026-06-17T09:00+08:00");
    expect(dm(wednesday, "liuyang")[0]?.message.title).toBe("你有 2 项任务已逾期");
  });

  it("respects leave: A away on Thursday hears nothing that day", async () => {
    await bot.as("zhangmin").says("standup away 2026-06-18");
    const thursday = await bot.line(":clock 2026-06-18T09:00+08:00");
    expect(dm(thursday, "zhangmin")).toHaveLength(0);
    expect(dm(thursday, "liuyang")).toHaveLength(1);
  });

  it("skips the Dragon Boat holiday and the weekend", async () => {
    expect((await bot.line(":clock 2026-06-19T09:00+08:00")).messages).toHaveLength(0);
    expect((await bot.line(":clock 2026-06-20T09:00+08:00")).messages).toHaveLength(0);
    expect((await bot.line(":clock 2026-06-21T09:00+08:00")).messages).toHaveLength(0);
  });

  it("after five working days overdue the sponsor gets a separate “needs your decision”", async () => {
    const monday = await bot.line(":clock 2026-06-22T09:00+08:00");
    const sponsor = dm(monday, "wangfang");
    expect(sponsor).toHaveLength(1);
    expect(sponsor[0]?.message.title).toBe("需要你决策：2 项逾期任务");
    expect(textOf(monday, "wangfang")).toContain("已逾期 5 个工作日");
    expect(textOf(monday, "wangfang")).toContain("A: 张敏 Zhang Min");
    expect(dm(monday, "zhangmin")).toHaveLength(1);
    expect(dm(monday, "liuyang")).toHaveLength(1);
    expect(monday.messages).toHaveLength(3);
  });

  it("R marks it done from the nag; the Informed person is told once, in their own working hours", async () => {
    const done = await bot.as("liuyang").clicks(1);
    expect(done.text).toContain("T-1 已完成");
    const shanghaiMorning = await bot.line(":clock 2026-06-22T09:30+08:00");
    expect(dm(shanghaiMorning, "anna")).toHaveLength(0);
    const berlinMorning = await bot.line(":clock 2026-06-22T09:00+02:00");
    expect(dm(berlinMorning, "anna")).toHaveLength(1);
    expect(dm(berlinMorning, "anna")[0]?.message.title).toBe("Done: T-1 Migrate lead data");
    expect(textOf(berlinMorning, "anna")).toContain("刘洋 Liu Yang marked this task done");
    expect((await bot.line(":clock 2026-06-22T10:00+02:00")).messages).toHaveLength(0);
  });

  it("a blocked task stops nagging R and tells A once", async () => {
    const blocked = await bot.as("liuyang").says('task status T-2 blocked --note "waiting for the CRM sandbox"');
    expect(blocked.text).toContain("T-2 已标记为受阻");
    const next = await bot.line(":clock 2026-06-22T16:05+08:00");
    expect(dm(next, "zhangmin")).toHaveLength(1);
    expect(textOf(next, "zhangmin")).toContain("waiting for the CRM sandbox");
    const tuesday = await bot.line(":clock 2026-06-23T09:00+08:00");
    expect(dm(tuesday, "liuyang")).toHaveLength(0);
    expect(dm(tuesday, "zhangmin")).toHaveLength(0);
    expect(textOf(tuesday, "wangfang")).toContain("T-2");
    expect(textOf(tuesday, "wangfang")).toContain("waiting for the CRM sandbox");
  });
});
