import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

// Issue #15, the smaller items a new project manager trips over, through the console driver.
describe("the first hour of a new project manager", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-06-10T10:00+08:00");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("item 8: a refusal names every role that may run the command, and the task's R as well as its A", async () => {
    const en = await bot.as("anna").says("standup stats");
    expect(en.text).toContain("Sorry, standup stats needs the sponsor or project manager role in this project.");
    const zh = await bot.as("zhangmin").says("站会 统计");
    expect(zh.text).toContain("项目发起人或项目经理");
    expect((await bot.as("lina").says("standup stats")).text).not.toContain("抱歉");
    await bot.as("lina").says('task add "Data migration" --r @liuyang --a @zhangmin');
    const refused = await bot.as("anna").says("task done T-1");
    expect(refused.text).toContain("Sorry, only the task's Responsible (刘洋 Liu Yang) or Accountable person (张敏 Zhang Min) or the project manager can run task done on T-1.");
    expect((await bot.as("tom").says("任务 完成 T-1")).text).toContain("Sorry, only the task's Responsible (刘洋 Liu Yang)");
    expect((await bot.as("wangfang").says("task done T-1")).text).toContain("只有该任务的 R（刘洋 Liu Yang）或 A（张敏 Zhang Min）或项目经理");
  });
});

describe("item 4: people by any whole part of their name", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-06-10T10:00+08:00");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("--r \"Liu Yang\" and --a 刘洋's colleague by Chinese name, case-insensitively; ambiguous parts ask", async () => {
    const added = await bot.as("lina").says('task add "Data migration" --r "liu yang" --a "Zhang Min"');
    expect(added.messages[0]?.message.title).toBe("T-1 · Data migration");
    expect(added.text).toContain("负责执行（R）: 刘洋 Liu Yang");
    expect(added.text).toContain("批准负责（A）: 张敏 Zhang Min");
    const zh = await bot.as("lina").says("任务 添加 “培训” --r 刘洋");
    expect(zh.text).toContain("负责执行（R）: 刘洋 Liu Yang");
    await bot.as("chenwei").says("member add 13900000000 --role member");
    await bot.runtime.database.db.updateTable("people").set({ display_name: "刘洋 Yang Liu" }).where("mobile", "=", "13900000000").execute();
    const ambiguous = await bot.as("anna").says('task add "Check" --r "Yang" --a lina');
    expect(ambiguous.text).toContain("“Yang” could be 刘洋 Liu Yang, 刘洋 Yang Liu. Please be more specific");
  });
});

describe("item 9: smaller things", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-06-15T09:00+08:00");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("blocking a task asks why; the reason and the task show in blocker list", async () => {
    await bot.as("lina").says('task add "VPN for the trainers" --r @liuyang --a @zhangmin --phase training');
    const asked = await bot.as("liuyang").says("task status T-1 blocked");
    expect(asked.text).toContain("T-1 因为什么受阻？请写明原因，例如 task status T-1 blocked --note \"等待 VPN 权限\"");
    const en = await bot.as("anna").says("task status T-1 blocked");
    expect(en.text).toContain("T-1 is blocked by what? Say why");
    expect((await bot.as("liuyang").says("任务 状态 T-1 blocked 等待 VPN 权限")).text).toContain("T-1");
    const list = await bot.as("lina").says("blocker list");
    expect(list.text).toContain("受阻的任务 (1)");
    expect(list.text).toContain("⛔ T-1 VPN for the trainers — 等待 VPN 权限（R：刘洋 Liu Yang）");
    expect((await bot.as("anna").says("blockers")).text).toContain("⛔ T-1 VPN for the trainers — 等待 VPN 权限 (R: 刘洋 Liu Yang)");
  });

  it("raci matrix lists phases in the project's order, not by task number", async () => {
    await bot.as("lina").says('task add "Go-live checklist" --r @liuyang --phase cutover');
    await bot.as("lina").says('task add "Blueprint" --r @liuyang --phase design');
    const matrix = await bot.as("lina").says("raci matrix");
    const design = matrix.text.indexOf("方案设计");
    const training = matrix.text.indexOf("培训");
    const cutover = matrix.text.indexOf("切换上线");
    expect(design).toBeGreaterThan(-1);
    expect(design).toBeLessThan(training);
    expect(training).toBeLessThan(cutover);
  });

  it("member remove of an unknown person says so before asking to confirm", async () => {
    const zh = await bot.as("lina").says("member remove nobody@nowhere.example");
    expect(zh.text).toContain("找不到“nobody@nowhere.example”");
    expect(zh.text).not.toContain("请确认");
    expect((await bot.as("lina").says("member remove @tom")).text).toContain("请确认");
    await bot.as("lina").says("no");
  });

  it("a 20,000-character line is not echoed back across messages", async () => {
    const long = "x".repeat(20_000);
    const unknown = await bot.as("anna").says(long);
    expect(unknown.messages).toHaveLength(1);
    expect(unknown.text.length).toBeLessThan(500);
    const extra = await bot.as("anna").says(`whoami ${long}`);
    expect(extra.messages.length).toBeLessThanOrEqual(1);
    expect(extra.text.length).toBeLessThan(1500);
  });

  it(":clock refuses a day the calendar does not have", async () => {
    await bot.line(":clock 2026-02-30T09:00+08:00");
    expect(bot.printed.at(-1)).toContain("2026-02-30T09:00+08:00 is not a real time");
  });

  it("an English team gets English default questions; standup status after the close does not offer editing", async () => {
    const emea = await bot.as("lina").says("standup setup --team emea");
    expect(emea.text).toContain("What did you get done yesterday?");
    expect(emea.text).not.toContain("昨天完成了");
    await bot.as("lina").says("standup setup --team sales");
    await bot.line(":clock 2026-06-16T10:05+08:00");
    await bot.as("liuyang").says('standup -y "slides" -t "review" -b "none"');
    expect((await bot.as("liuyang").says("站会 状态")).text).toContain("前可修改");
    await bot.line(":clock 2026-06-16T11:30+08:00");
    const after = await bot.as("liuyang").says("站会 状态");
    expect(after.text).not.toContain("前可修改");
    expect(after.text).toContain("已于 11:00 截止");
    expect((await bot.as("zhangmin").says("站会 状态")).text).toContain("你今天没有回答；已于 11:00 截止。");
  });
});
