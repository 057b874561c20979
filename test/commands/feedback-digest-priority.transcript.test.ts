import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/**
 * The sponsor digest's feedback section counts open items by priority and type from the rollup the triggers keep
 * (migration 0037 added the priority to it): filed items of several priorities and types, a priority changed at
 * triage, one resolved and one merged, and the preview shows the counts the items have now.
 */
describe("the digest's open feedback by priority and type", () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot({ digests: true, clock: new Date("2026-12-28T01:00:00Z") }); // Monday 09:00 in Shanghai
    await bot.line(":clock 2026-12-28T01:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("counts each open item once under its current priority and type", async () => {
    await bot.as("liuyang").dm().says('反馈 "报价单导出PDF缺少公司抬头" --type bug --priority low');
    await bot.as("tom").dm().says('feedback "Orders from the ERP stop syncing at night" --priority urgent --type data');
    await bot.as("liuyang").dm().says('反馈 "希望增加批量转移客户" --type suggestion');
    await bot.as("tom").dm().says('feedback "The contact list loads slowly" --type performance --priority high');
    await bot.as("liuyang").dm().says('反馈 "商机阶段名称不对" --type bug');

    let zh = (await bot.as("wangfang").dm().says("digest preview")).text;
    expect(zh).toContain("用户反馈");
    expect(zh).toContain("紧急 1 · 高 1 · 普通 2 · 低 1");
    expect(zh).toContain("缺陷 2");

    // A priority change at triage moves the item from one count to the other; a resolved item leaves the open ones.
    await bot.as("zhangmin").dm().says("feedback triage FB-1 --priority urgent");
    await bot.as("zhangmin").dm().says("feedback triage FB-3 --priority low");
    await bot.as("zhangmin").dm().says("feedback status FB-4 resolved");
    zh = (await bot.as("wangfang").dm().says("digest preview")).text;
    expect(zh).toContain("紧急 2 · 普通 1 · 低 1");
    expect(zh).not.toContain("高 1");
    expect(zh).toContain("缺陷 2 · 数据问题 1 · 建议 1");

    await bot.as("lina").dm().says("member role @anna sponsor");
    const en = (await bot.as("anna").dm().says("digest preview")).text;
    expect(en).toContain("urgent 2 · normal 1 · low 1");
  });
});
