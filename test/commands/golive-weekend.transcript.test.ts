import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/**
 * A whole go-live weekend through the console: template → gates → refused go → override → war room → sev1 →
 * updates → rollback proposed and declined → notices → hypercare → daily summaries and the exit offer → close.
 */
describe("a go-live weekend", () => {
  let bot: TestBot;
  const sentTo = (id: string) => bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === id).map((s) => JSON.stringify(s.message));
  const room = "#apollo-war-room";

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-04T01:00:00Z"); // Friday 09:00 in Shanghai
  });
  afterAll(async () => {
    await bot.close();
  });

  it("Friday: the checklist is loaded, partly ticked, go is refused and the sponsor overrides", async () => {
    await bot.as("lina").dm().says("golive template");
    await bot.as("lina").dm().says('golive gate add "Lead counts match" --category data --r @liuyang --due 2026-12-04');
    const card = await bot.as("anna").dm().says("golive checklist");
    const key = /(T-\d+) Lead counts match/.exec(card.text)![1]!;
    await bot.as("liuyang").dm().says(`task done ${key}`);
    await bot.as("liuyang").dm().says(`golive evidence ${key} "before/after: 120,431 / 120,431"`);
    expect((await bot.as("anna").dm().says("golive checklist")).text).toContain("1 of 15 ticked");
    await bot.as("lina").dm().says("golive decide");
    expect((await bot.as("wangfang").dm().says('golive vote go "ready"')).text).toContain("不能投上线票");
    await bot.as("wangfang").dm().says('golive override "remaining items are paperwork; support is staffed all weekend"');
    const decided = await bot.as("wangfang").dm().says('golive vote go "ready, with the override"');
    expect(decided.text).toContain("上线");
    expect(sentTo("#apollo").join()).toContain("remaining items are paperwork");
    await bot.as("lina").dm().says('rollback plan --triggers "orders fail for 30 min" --steps "stop sync; restore snapshot" --deciders "@wangfang @lina" --pnr "2026-12-05 20:00"');
  });

  it("Saturday: the war room opens once, roles are given, a sev1 pages again at its target, updates refresh the card", async () => {
    await bot.line(":clock 2026-12-05T00:30:00Z");
    await bot.as("lina").dm().says("warroom open");
    expect((await bot.as("lina").dm().says("作战室")).text).toContain(room);
    await bot.as("lina").dm().says("warroom role commander @zhangmin");
    await bot.as("zhangmin").dm().says("warroom role tech @chenwei");
    expect(sentTo(room).at(-1)).toContain("不可回退点");
    const issue = await bot.as("anna").in(room).says('warroom issue "orders fail with error 500" --sev 1 --owner @chenwei');
    expect(issue.text).toContain("I-1");
    await bot.line(":clock 2026-12-05T00:46:00Z");
    expect(sentTo("dm:chenwei").join()).toContain("一级问题 I-1 已超时");
    await bot.as("zhangmin").in(room).says('warroom update --conditions "orders failing" --actions "hotfix in test" --needs "DBA"');
    expect(sentTo(room).join()).toContain("hotfix in test");
    expect((await bot.as("tom").dm().says("warroom notify degraded")).text).toMatch(/Notice queued for \d+ people/);
    expect(sentTo("dm:liuyang").at(-1)).toContain("部分功能异常");
  });

  it("Saturday: a rollback is proposed and declined; the issue is resolved; service restored", async () => {
    await bot.as("chenwei").in(room).says('rollback propose "orders still fail after 40 minutes"');
    expect((await bot.as("wangfang").dm().says('rollback decide RB-1 continue "the hotfix is going in now"')).text).toContain("RB-1");
    expect(sentTo(room).join()).toContain("RB-1：继续");
    await bot.as("chenwei").in(room).says("warroom resolve I-1");
    await bot.as("tom").dm().says("warroom notify restored");
    const timeline = await bot.as("anna").dm().says("warroom timeline");
    expect(timeline.text).toContain("War room timeline");
    expect(timeline.text).toMatch(/war room opened[\s\S]*issue: I-1 S1[\s\S]*decided: continue: RB-1[\s\S]*resolved: I-1/);
  });

  it("hypercare: daily summaries in the room, and once no sev1/sev2 was open for three working days the PM is offered to close", async () => {
    expect((await bot.as("anna").dm().says("warroom hypercare --until 2026-12-19")).text).toContain("commander or the PM");
    expect((await bot.as("zhangmin").dm().says("warroom hypercare --until 2026-12-19")).text).toContain("2026-12-19");
    await bot.line(":clock 2026-12-07T01:05:00Z"); // Monday 09:05
    expect(sentTo(room).join()).toContain("强化支持日报");
    expect(sentTo("dm:lina").join()).not.toContain("warroom close");
    await bot.line(":clock 2026-12-09T01:05:00Z"); // Wednesday
    await bot.line(":clock 2026-12-10T01:05:00Z"); // Thursday: Mon, Tue, Wed without sev1/sev2
    expect(sentTo("dm:lina").join()).toContain('"command":"warroom close"');
  });

  it("close: only the commander or PM; the summary and timeline are posted and the project phase is set", async () => {
    expect((await bot.as("tom").dm().says("warroom close")).text).toMatch(/yes|是/i);
    expect((await bot.as("tom").dm().says("yes")).text).toContain("commander or the PM");
    await bot.as("lina").dm().says("warroom close");
    const closed = await bot.as("lina").dm().says("是");
    expect(closed.text).toContain("作战室已关闭");
    const summary = sentTo(room).at(-1)!;
    expect(summary).toContain("作战室已关闭");
    expect(summary).toContain("remaining items are paperwork");
    const project = await bot.runtime.database.db.selectFrom("projects").select("phase").where("key", "=", "apollo").executeTakeFirstOrThrow();
    expect(project.phase).toBe("closed");
    expect((await bot.as("lina").dm().says("warroom status")).text).toContain("warroom open");
  });
});
