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
