import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

const dmText = (reply: Reply, who: string) => reply.messages.filter((m) => m.conversation.conversationId === `dm:${who}`).map((m) => toPlainText(m.message)).join("\n");
const dmCount = (reply: Reply, who: string) => reply.messages.filter((m) => m.conversation.conversationId === `dm:${who}`).length;

/**
 * The whole loop on the demo project: a member files feedback in the group, a consultant files the same thing and is
 * offered the open item, says "me too"; a key user triages it, the owner makes a task, its done resolves it, the
 * reporter says "not yet", and the reporter and the follower hear each change once, in their own language.
 */
describe("feedback: file, dedupe, triage, resolve, with the reporter told at every step", () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("files feedback in a group and answers with FB-1 and a card", async () => {
    const filed = await bot.as("liuyang").in("#apollo").says("反馈 “线索导入很慢，要等三分钟才出结果” --module 线索");
    expect(filed.text).toContain("FB-1");
    expect(filed.text).toContain("线索导入很慢");
    expect(filed.text).toContain("线索");
    expect(filed.messages.every((m) => m.conversation.conversationId === "#apollo")).toBe(true);
  });

  it("offers the similar open item to the next reporter; a click makes them follow it instead", async () => {
    const second = await bot.as("tom").in("#apollo").says('feedback "线索导入很慢，要等好几分钟才出结果"');
    expect(second.text).toContain("FB-2");
    expect(second.text).toContain("Same as FB-1 (1 person)?");
    const clicked = await bot.as("tom").in("#apollo").clicks(1);
    expect(clicked.text).toContain("FB-1");
    expect(clicked.text).toContain("2 people");
    const shown = await bot.as("zhangmin").dm().says("feedback show FB-2");
    expect(shown.text).toContain("已合并");
    expect(shown.text).toContain("FB-1");
    const again = await bot.as("tom").dm().says("同问 FB-1");
    expect(again.text).toContain("already follow");
  });

  it("refuses bad input in the person's words", async () => {
    expect((await bot.as("liuyang").dm().says('feedback "   "')).text).toContain("反馈需要写点内容");
    const long = await bot.as("tom").dm().says(`feedback "${"x".repeat(20_000)}"`);
    expect(long.text).toContain("20000");
    expect(long.text).toContain("4000");
    expect((await bot.as("tom").dm().says("feedback show FB-99")).text).toContain("There is no feedback FB-99");
    expect((await bot.as("tom").dm().says("feedback show banana")).text).toContain("is not a feedback key");
    expect((await bot.as("tom").dm().says('feedback "Quotes are slow" --module quots')).text).toContain("Did you mean quotes");
    expect((await bot.as("tom").dm().says('feedback "Quotes are slow" --type slowness')).text).toContain("--type must be one of");
    const loud = await bot.as("tom").in("#apollo").says('feedback "@all <!channel> <at user_id=\\"all\\">所有人</at> look at the report page"');
    expect(loud.text).not.toMatch(/@all|<!channel>|<at /);
    expect(loud.text).toContain("look at the report page");
  });

  it("only key users and the PM triage; the reporter and the follower each hear it once, in their language", async () => {
    expect((await bot.as("liuyang").dm().says("feedback triage FB-1 --priority high")).text).toMatch(/关键用户|项目经理/);
    const triaged = await bot.as("zhangmin").dm().says("反馈 分诊 FB-1 --type performance --priority high --owner @chenwei --module leads --target 2026-12-20");
    expect(triaged.text).toContain("FB-1");
    expect(dmText(triaged, "liuyang")).toContain("已分诊");
    expect(dmText(triaged, "liuyang")).toContain("系统性能");
    expect(dmText(triaged, "tom")).toContain("has been triaged");
    expect(dmText(triaged, "tom")).toContain("performance");
    expect(dmText(triaged, "tom")).toContain("2026-12-20");
    expect(dmText(triaged, "chenwei")).toContain("你现在负责反馈");
    // triaged, owner and target date are three changes: one DM each, never twice.
    expect(dmCount(triaged, "tom")).toBe(3);
    // the key user gets only the answer to the command, not a notice of their own change.
    expect(dmCount(triaged, "zhangmin")).toBe(1);
  });

  it("status changes: won't fix needs a reason; a member who does not own it is refused", async () => {
    expect((await bot.as("zhangmin").dm().says("feedback status FB-3 wont_fix")).text).toContain("不予处理的原因");
    expect((await bot.as("liuyang").dm().says("feedback status FB-1 planned")).text).toContain("负责人");
    const planned = await bot.as("chenwei").dm().says("feedback status FB-1 planned");
    expect(planned.text).toContain("已排期");
    expect(dmText(planned, "tom")).toContain("planned for a coming release");
  });

  it("a task for the fix: its done resolves the feedback and asks the reporter 'Fixed?'; 'Not yet' reopens it", async () => {
    const made = await bot.as("chenwei").dm().says("feedback task FB-1");
    const task = /T-\d+/.exec(made.text)?.[0];
    expect(task).toBeDefined();
    await bot.as("chenwei").dm().says(`task done ${task}`);
    // The task's done is heard inside RACI's transaction; the reporter and followers are told at the next tick.
    const done = await bot.line(":clock 2026-12-07T02:01:00Z");
    expect(dmText(done, "liuyang")).toContain("已解决");
    expect(dmText(done, "liuyang")).toContain("还没有");
    expect(dmText(done, "tom")).toContain("is resolved");
    expect(dmText(done, "tom")).not.toContain("Not yet");
    expect(dmText(await bot.line(":clock 2026-12-07T02:02:00Z"), "liuyang")).not.toContain("已解决");
    const notYet = await bot.as("liuyang").dm().clicks(2);
    expect(notYet.text).toContain("重新打开");
    expect(dmText(notYet, "chenwei")).toContain("还没修好");
    expect(dmText(notYet, "tom")).toContain("not fixed yet");
    const shown = await bot.as("liuyang").dm().says("feedback show FB-1");
    expect(shown.text).toContain(task!);
    expect(shown.text).toContain("反馈人重新打开");
  });

  it("a release tells the groups and each reporter and follower what changed because of their feedback", async () => {
    await bot.as("chenwei").dm().says("feedback status FB-1 resolved");
    expect((await bot.as("lina").dm().says('feedback release "12月版本" FB-3')).text).toContain("FB-3 还没有解决");
    expect((await bot.as("liuyang").dm().says('feedback release "12月版本" FB-1')).text).toMatch(/关键用户|项目经理/);
    const released = await bot.as("lina").dm().says('feedback release "12月版本" --all-resolved-since 2026-12-01');
    expect(released.text).toContain("1 项已发到 2 个群");
    const inGroup = (where: string) => released.messages.filter((m) => m.conversation.conversationId === where).map((m) => toPlainText(m.message)).join("\n");
    expect(inGroup("#apollo")).toContain("因你的反馈而做的改进");
    expect(inGroup("#apollo")).toContain("FB-1");
    expect(inGroup("#apollo-emea")).toContain("What changed because of your feedback");
    expect(dmText(released, "liuyang")).toContain("12月版本");
    expect(dmText(released, "tom")).toContain("Your feedback is in release 12月版本");
    expect((await bot.as("lina").dm().says('feedback release "12月版本" FB-1')).text).toContain("已经有名为");
  });

  it("a key user merges a duplicate: its reporter now follows the other item, and both sides are told once", async () => {
    await bot.as("wangfang").dm().says('feedback "报价单 PDF 没有公司抬头"');
    await bot.as("anna").dm().says('feedback "Quote PDF misses the company letterhead"');
    expect((await bot.as("liuyang").dm().says("feedback dup FB-5 FB-4")).text).toMatch(/关键用户|项目经理/);
    const merged = await bot.as("zhangmin").dm().says("feedback dup FB-5 FB-4");
    expect(merged.text).toContain("FB-5 已合并到 FB-4");
    expect(dmText(merged, "anna")).toContain("your feedback FB-5 is the same as FB-4".replace("your", "Your"));
    expect(dmText(merged, "wangfang")).toContain("FB-5 作为重复反馈合并到了 FB-4");
    expect(dmCount(merged, "anna")).toBe(1);
    const triaged = await bot.as("zhangmin").dm().says("feedback triage FB-4 --type bug");
    expect(dmText(triaged, "anna")).toContain("has been triaged");
    expect(dmText(triaged, "wangfang")).toContain("已分诊");
  });

  it("needs_info asks the reporter in a DM; their next line there is attached and the asker told", async () => {
    expect((await bot.as("zhangmin").dm().says("feedback status FB-3 needs_info")).text).toContain("要问反馈人的问题");
    const asked = await bot.as("zhangmin").dm().says('feedback status FB-3 needs_info --note "Which report page?"');
    expect(dmText(asked, "tom")).toContain("Which report page?");
    const answered = await bot.as("tom").dm().says("The monthly sales report, page 2");
    expect(answered.text).toContain("attached to FB-3");
    expect(dmText(answered, "zhangmin")).toContain("The monthly sales report, page 2");
    const shown = await bot.as("zhangmin").dm().says("feedback show FB-3");
    expect(shown.text).toContain("反馈人已回答");
    expect(shown.text).toContain("已分诊");
    // The conversation is over: the next line is a command again.
    expect((await bot.as("tom").dm().says("feedback show FB-3")).text).toContain("FB-3");
  });

  it("lists: members see their own, key users all open items", async () => {
    const mine = await bot.as("liuyang").dm().says("feedback list");
    expect(mine.text).toContain("FB-1");
    expect(mine.text).not.toContain("FB-3");
    expect((await bot.as("liuyang").dm().says("feedback list all")).text).toContain("反馈 列表 mine");
    const open = await bot.as("anna").dm().says("feedback list all --module leads");
    expect(open.text).toContain("FB-1");
    expect(open.text).not.toContain("FB-3");
    expect((await bot.as("liuyang").dm().says("feedback show FB-3")).text).toContain("别人的反馈");
  });
});

/** Capture in the group: a reply `@bot feedback` and the 🎫 reaction file someone's message, its author kept. */
describe("feedback: capture by reply and reaction", () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("a reply '@bot feedback' files the message replied to, with its author as the reporter and the filer noted", async () => {
    await bot.as("liuyang").in("#apollo").says(":say 客户列表打开要十秒，太慢了");
    const filed = await bot.as("zhangmin").in("#apollo").says(":reply @liuyang @bot feedback");
    expect(filed.text).toContain("FB-1");
    expect(filed.text).toContain("刘洋 Liu Yang");
    expect(filed.text).toContain("客户列表打开要十秒");
    expect(filed.messages.filter((m) => m.conversation.conversationId === "#apollo")).toHaveLength(1);
    expect(filed.text).not.toContain("反馈需要写点内容");
    const told = filed.messages.filter((m) => m.conversation.conversationId === "dm:liuyang").map((m) => toPlainText(m.message)).join("\n");
    expect(told).toContain("张敏 Zhang Min");
    expect(told).toContain("FB-1");
    const shown = await bot.as("liuyang").dm().says("feedback show FB-1");
    expect(shown.text).toMatch(/反馈人[^\n]*刘洋 Liu Yang/);
    expect(shown.text).toMatch(/代为提交[^\n]*张敏 Zhang Min/);
  });

  it("the ticket reaction files a message once; a second flag, another emoji or a bot message file nothing", async () => {
    await bot.as("tom").in("#apollo").says(":say The quote PDF has the wrong logo");
    const flagged = await bot.as("anna").in("#apollo").says(":react @tom ticket");
    expect(flagged.text).toContain("FB-2");
    expect(flagged.text).toContain("Tom Becker");
    expect((await bot.as("lina").in("#apollo").says(":react @tom 🎫")).text).toContain("FB-2");
    expect((await bot.as("lina").in("#apollo").says(":reply @tom @bot feedback")).text).toContain("已经记录为 FB-2");
    expect((await bot.as("lina").in("#apollo").says(":react @tom +1")).messages).toHaveLength(0);
    await bot.as("lina").in("#apollo").says("help");
    expect((await bot.as("lina").in("#apollo").says(":react last ticket")).messages).toHaveLength(0);
    expect((await bot.as("lina").in("#apollo").says(":reply last @bot feedback")).text).toContain("我自己发的消息");
    expect((await bot.as("anna").dm().says("feedback list all")).text).not.toContain("FB-3");
  });

  it("the reaction is configurable; '@bot feedback' without a reply explains how", async () => {
    expect((await bot.as("zhangmin").dm().says("feedback settings --reaction bug")).text).toContain("项目经理");
    expect((await bot.as("lina").dm().says("feedback settings --reaction :bug:")).text).toContain(":bug:");
    await bot.as("liuyang").in("#apollo").says(":say 手机端看不到商机阶段");
    expect((await bot.as("zhangmin").in("#apollo").says(":react @liuyang ticket")).messages).toHaveLength(0);
    expect((await bot.as("zhangmin").in("#apollo").says(":react @liuyang 🐛")).text).toContain("FB-3");
    expect((await bot.as("zhangmin").in("#apollo").says("feedback")).text).toContain("回复那条消息");
  });
});
