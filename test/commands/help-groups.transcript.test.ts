import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

// Issue #15 item 2: `help <group>` lists the group's commands with the default marked, not only the default.
describe("help <group> through the console driver", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  it("帮助 任务 lists every task command, task list marked as what 任务 alone runs", async () => {
    const reply = await bot.as("lina").says("帮助 任务");
    expect(reply.messages[0]?.message.title).toBe("帮助：task（11 个命令）");
    for (const name of ["task list", "task show", "task add", "task done", "task snooze", "task cancel"]) expect(reply.text).toContain(name);
    expect(reply.text).toMatch(/task list \(任务 列表\) — .*← 默认：只输入 task 就会执行它/);
    expect(reply.text).not.toContain("用法:");
  });

  it("help raci lists matrix, import, export and settings, the matrix marked as the default", async () => {
    const reply = await bot.as("anna").says("help raci");
    expect(reply.messages[0]?.message.title).toBe("help: raci (4 commands)");
    expect(reply.text).toMatch(/raci matrix \(责任矩阵\) — .*← default: raci alone runs it/);
    expect(reply.text).toContain("raci import");
    expect(reply.text).toContain("raci export");
    expect(reply.text).toContain("raci settings");
    expect(reply.text).toMatch(/raci settings .*🔒/);
  });

  it("help <command> still explains one command, and a bare group word runs its default", async () => {
    const one = await bot.as("anna").says("help task add");
    expect(one.text).toContain("Usage: task add <title>");
    const list = await bot.as("anna").says("task");
    expect(list.text).not.toContain("I don't know the command");
  });
});
