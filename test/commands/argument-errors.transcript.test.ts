import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

// Issue #15 item 1: argument errors name the argument in the person's words and language, say what is expected
// with an example, list an enum's choices with their translations, and report an unclosed quote as such.
describe("argument errors in the person's words, through the console driver", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-06-10T10:00+08:00");
  });
  afterAll(async () => {
    await bot.close();
  });

  const ZOD = /无效输入|期望|实际接收|数值过大|Invalid input|expected|received|Too big|Unrecognized/;

  it("a missing title and R (zh-CN and en)", async () => {
    const zh = await bot.as("lina").says("任务 添加");
    expect(zh.text).toContain("标题：必须填写。可以这样写：");
    expect(zh.text).toContain("负责执行人（--r）：必须填写。");
    expect(zh.text).not.toMatch(ZOD);
    const en = await bot.as("anna").says("task add");
    expect(en.text).toContain("Title: this is needed. Try: ");
    expect(en.text).toContain("Responsible (--r): this is needed.");
    expect(en.text).not.toMatch(ZOD);
  });

  it("a too-long title says how long it may be", async () => {
    const zh = await bot.as("lina").says(`task add ${"长".repeat(301)} --r @liuyang`);
    expect(zh.text).toContain("标题：太长了（301 个字），最多 300 个字。");
    const en = await bot.as("anna").says(`task add ${"x".repeat(301)} --r @liuyang`);
    expect(en.text).toContain("Title: too long (301 characters); at most 300.");
  });

  it("a bad date, and a phase that is not one of the choices, listed with translations", async () => {
    const zh = await bot.as("lina").says("project golive-date 2026-13-45");
    expect(zh.text).toContain("日期：“2026-13-45”不是有效日期，请写成 2026-12-01 这样的格式。");
    const phase = await bot.as("lina").says("project phase banana");
    expect(phase.text).toContain("阶段：“banana”不是可选值。可选：planning（规划）、design（方案设计）、build（系统搭建）、uat（用户验收测试）");
    expect(phase.text).toContain("project phase uat");
    const en = await bot.as("anna").says("member list --role boss");
    expect(en.text).toContain("Role: “boss” is not one of the choices: sponsor, pm (project manager), key_user (key user), admin, member (project member), consultant. Try: member list sponsor");
  });

  it("times, ranges and bounded numbers in Chinese inside a zh-CN session", async () => {
    const time = await bot.as("lina").says("standup time 9点");
    expect(time.text).toContain("时间：“9点”不是有效时间，请写成 HH:MM，例如 09:30。");
    expect(time.text).not.toContain("e.g.");
    const range = await bot.as("lina").says("standup away 2026-12-10..2026-12-01");
    expect(range.text).toContain("日期范围：2026-12-10 晚于 2026-12-01，请把较早的日期放在前面");
    const days = await bot.as("lina").says("raci settings --escalate-after 99");
    expect(days.text).toContain("升级前等待的工作日（--escalate-after）：“99”不是 1 到 30 之间的整数。");
    const en = await bot.as("anna").says("standup away 2026-12-10..2026-12-01");
    expect(en.text).toContain("Dates: 2026-12-10 is after 2026-12-01; put the earlier date first");
  });

  it("an unclosed quote is reported as such, not as a missing R", async () => {
    const zh = await bot.as("lina").says("任务 添加 “准备培训材料 --r 刘洋");
    expect(zh.text).toContain("引号 “ 没有闭合");
    expect(zh.text).not.toContain("负责执行人");
    const en = await bot.as("anna").says('task add "Prepare training --r @liuyang');
    expect(en.text).toContain('The quote " is opened but never closed');
    expect(await bot.runtime.database.db.selectFrom("tasks").select("id").execute()).toHaveLength(0);
  });
});
