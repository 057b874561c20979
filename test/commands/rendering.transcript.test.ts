import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

// Issue #15 item 7: what each platform shows, through the console driver.
describe("item 7: rendering", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-06-10T10:00+08:00");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("DingTalk shows a one-line reply once, not as a heading and again as text", async () => {
    await bot.as("lina").in("#apollo").says("whoami");
    await bot.as("lina").in("#apollo").says("project golive-date none");
    await bot.line(":render dingtalk");
    const printed = bot.printed.at(-1) ?? "";
    const param = JSON.parse((JSON.parse(printed.slice(printed.indexOf("{"))) as { msgParam: string }).msgParam) as { title: string; text: string };
    expect(param.text).not.toContain("###");
    expect(param.text.split(param.title)).toHaveLength(2);
  });

  it(":render feishu on a form card shows the Feishu form, not the console's typed fallback", async () => {
    await bot.as("lina").in("#apollo").says('standup setup "Sales Ops 销售运营"');
    const prompts = await bot.line(":clock 2026-06-11T09:30+08:00");
    const prompt = prompts.messages.find((m) => m.conversation.conversationId === "dm:liuyang");
    expect(prompt?.message.blocks.some((b) => b.type === "form")).toBe(false);
    await bot.line(":as liuyang");
    await bot.line(":dm");
    await bot.line(":render feishu");
    const feishu = bot.printed.at(-1) ?? "";
    expect(feishu).toContain('\\"tag\\":\\"form\\"');
    expect(feishu).toContain('\\"name\\":\\"yesterday\\"');
    await bot.line(":render wecom");
    expect(bot.printed.at(-1)).not.toContain('"form"');
  });

  it("task history names fields in the person's words; a done task no longer shows its snooze", async () => {
    await bot.as("lina").in("#apollo").says('task add "Data migration" --r @liuyang --a @zhangmin --due 2026-06-19 --phase build');
    await bot.as("liuyang").in("#apollo").says("task snooze T-1 2026-06-15");
    await bot.as("liuyang").in("#apollo").says("task done T-1");
    const zh = await bot.as("lina").in("#apollo").says("task show T-1");
    expect(zh.text).toContain("李娜 Li Na · 创建：阶段 系统搭建；截止 2026-06-19；负责执行（R） 刘洋 Liu Yang；批准负责（A） 张敏 Zhang Min");
    expect(zh.text).toContain("刘洋 Liu Yang · 推迟提醒：— → 2026-06-15");
    expect(zh.text).toContain("刘洋 Liu Yang · 状态：待办 → 已完成");
    expect(zh.text).not.toContain("snoozed_until");
    expect(zh.text).not.toContain("提醒恢复日期");
    const en = await bot.as("anna").in("#apollo").says("task show T-1");
    expect(en.text).toContain("刘洋 Liu Yang · snoozed: — → 2026-06-15");
    expect(en.text).toContain("刘洋 Liu Yang · status: Open → Done");
    expect(en.text).toContain("created: Phase Build; Due 2026-06-19; Responsible 刘洋 Liu Yang");
    expect(en.text).not.toContain("Reminders resume on");
  });
});
