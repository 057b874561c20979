import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** The war room: one group per go-live with the core team and a status card; roles with their duties; updates. */
describe("go-live war room", () => {
  let bot: TestBot;
  const inGroup = (id: string) => bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === id);

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("only the PM opens it; it is created once with the core team and a status card", async () => {
    expect((await bot.as("zhangmin").dm().says("warroom open")).text).toContain("项目经理");
    const opened = await bot.as("lina").dm().says("作战室");
    expect(opened.text).toContain("6");
    expect(bot.printed.join("\n")).toContain("bot created group #apollo-war-room");
    const added = bot.printed.find((p) => p.startsWith("bot added") && p.includes("#apollo-war-room"))!;
    expect(added).toContain("wangfang");
    expect(added).not.toContain("liuyang");
    expect(inGroup("#apollo-war-room").map((s) => JSON.stringify(s.message)).join()).toContain("Apollo");
    const again = await bot.as("lina").dm().says("warroom open");
    expect(again.text).toContain("#apollo-war-room");
    expect(again.text).toContain("李娜 Li Na");
    expect(bot.printed.filter((p) => p.includes("bot created group")).length).toBe(1);
  });

  it("roles: only the commander or PM gives them; each assignee gets a DM with the role's duties; the card refreshes", async () => {
    expect((await bot.as("liuyang").in("#apollo-war-room").says("warroom role commander @liuyang")).text).toContain("指挥官或项目经理");
    expect((await bot.as("lina").dm().says("warroom role general @zhangmin")).text).toContain("commander、scribe");
    await bot.as("lina").dm().says("warroom role commander @zhangmin");
    const duties = bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "dm:zhangmin").at(-1)!;
    expect(JSON.stringify(duties.message)).toContain("你领导作战室");
    const set = await bot.as("zhangmin").dm().says("warroom role scribe @tom");
    expect(set.text).toContain("Tom Becker");
    expect(JSON.stringify(bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "dm:tom").at(-1)!.message)).toContain("You keep the record");
    const card = inGroup("#apollo-war-room").filter((s) => s.message.title?.startsWith("作战室")).at(-1)!;
    expect(JSON.stringify(card.message)).toContain("张敏 Zhang Min");
  });

  it("an update refreshes the status card in place", async () => {
    expect((await bot.as("zhangmin").in("#apollo-war-room").says("warroom update")).text).toContain("--conditions");
    await bot.as("zhangmin").in("#apollo-war-room").says('warroom update --conditions "orders flow; lead import slow" --actions "index rebuilt" --needs "DBA until 22:00"');
    const card = inGroup("#apollo-war-room").filter((s) => s.message.title?.startsWith("作战室")).at(-1)!;
    expect(card.edited).toBe(true);
    expect(JSON.stringify(card.message)).toContain("lead import slow");
    const status = await bot.as("anna").dm().says("warroom status");
    expect(status.text).toContain("DBA until 22:00");
  });

  it("issues: a bad severity is refused; a sev1 past its 15-minute target pages its owner and the commander again", async () => {
    expect((await bot.as("anna").dm().says('warroom issue "orders fail" --sev 5')).text).toContain("--sev 2");
    const raised = await bot.as("anna").dm().says('warroom issue "orders fail with error 500" --sev 1 --owner @chenwei');
    expect(raised.text).toContain("I-1");
    expect(raised.text).toContain("陈伟 Chen Wei");
    const dmsTo = (who: string) => bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === `dm:${who}`).map((s) => JSON.stringify(s.message));
    const before = dmsTo("chenwei").length;
    await bot.line(":clock 2026-12-07T02:14:00Z");
    expect(dmsTo("chenwei").length).toBe(before);
    await bot.line(":clock 2026-12-07T02:20:00Z");
    expect(dmsTo("chenwei").slice(before).join()).toContain("I-1");
    expect(dmsTo("zhangmin").join()).toContain("一级问题 I-1 已超时");
    await bot.line(":clock 2026-12-07T02:30:00Z");
    expect(dmsTo("chenwei").filter((m) => m.includes("一级问题 I-1")).length).toBe(1);
  });

  it("a message replied to with @bot issue becomes an issue; with @bot log it goes on the timeline", async () => {
    await bot.as("anna").in("#apollo-war-room").says('warroom issue "lead import slow" --sev 3');
    const asIssue = await bot.as("tom").in("#apollo-war-room").says(":reply last @bot issue");
    expect(asIssue.text).toContain("I-3");
    expect(asIssue.text).not.toContain("unknown");
    const logged = await bot.as("tom").in("#apollo-war-room").says(":reply last @bot log");
    expect(logged.text).toContain("On the timeline");
    const list = await bot.as("anna").dm().says("warroom issues");
    expect(list.text).toContain("I-3 S?");
    expect((await bot.as("lina").dm().says("warroom triage I-3 --sev 2 --owner @tom")).text).toContain("Tom Becker");
    expect((await bot.as("chenwei").dm().says("warroom resolve I-1")).text).toContain("I-1");
    expect((await bot.as("chenwei").dm().says("warroom resolve I-1")).text).toContain("已经解决");
  });
});
