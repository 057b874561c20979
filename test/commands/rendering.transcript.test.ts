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
});
