import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

const dm = (reply: Reply, who: string) => reply.messages.filter((m) => m.conversation.conversationId === `dm:${who}`).map((m) => toPlainText(m.message)).join("\n");

/**
 * A backlog: a reminder lists the ten most urgent, oldest items and counts the rest, with the command that lists
 * them all (Asia/Shanghai, 09:00–18:00; urgent items wait four working hours).
 */
describe("feedback: a reminder about a backlog lists ten and counts the rest", () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-11-02T01:00:00Z"); // Monday 09:00 in Shanghai
    await bot.as("liuyang").in("#apollo").says('feedback "报表导出很慢" --priority high');
    for (let i = 1; i <= 11; i++) await bot.as("liuyang").in("#apollo").says(`feedback "客户列表第 ${i} 页打不开" --priority urgent`);
    await bot.line(":clock 2026-11-02T03:00:00Z"); // 11:00
    await bot.as("liuyang").in("#apollo").says('feedback "商机看板不刷新" --priority urgent'); // FB-13, not due at 13:05
  });
  afterAll(async () => {
    await bot.close();
  });

  it("the key user hears of the eleven urgent ones: ten listed, one counted, the command to see all", async () => {
    const due = await bot.line(":clock 2026-11-02T05:05:00Z"); // 13:05: 4 h 05 of work
    const text = dm(due, "zhangmin");
    expect(text.match(/等待分诊/g)).toHaveLength(1);
    expect(text).toContain("11 条反馈等待分诊");
    for (let n = 2; n <= 11; n++) expect(text).toContain(`FB-${n} `);
    expect(text).not.toContain("FB-12 ");
    expect(text).not.toContain("FB-1 ");
    expect(text).not.toContain("FB-13");
    expect(text).toContain("还有 1 条");
    expect(text).toContain("反馈 列表 --status new --project apollo");
  });

  it("the command in the reminder lists every untriaged item", async () => {
    const listed = await bot.as("zhangmin").dm().says("反馈 列表 --status new --project apollo");
    const text = listed.messages.map((m) => toPlainText(m.message)).join("\n");
    for (let n = 1; n <= 13; n++) expect(text).toContain(`FB-${n}`);
  });
});
