import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** Rollback: the plan and its point of no return, a proposal put to the deciders, continue chosen, an override after the point. */
describe("go-live rollback", () => {
  let bot: TestBot;
  const dms = (who: string) => bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === `dm:${who}`);

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("the PM records the plan; a point of no return in the past is refused", async () => {
    expect((await bot.as("lina").dm().says("rollback plan")).text).toContain("rollback plan --triggers");
    expect((await bot.as("liuyang").dm().says('rollback plan --triggers "x" --steps "y" --pnr "2026-12-07 18:00"')).text).toContain("项目经理");
    expect((await bot.as("lina").dm().says('rollback plan --triggers "x" --steps "y" --pnr "2026-12-06 18:00"')).text).toContain("已经过去");
    expect((await bot.as("lina").dm().says('rollback plan --triggers "x" --steps "y" --pnr "someday"')).text).toContain("someday");
    const plan = await bot.as("lina").dm().says('rollback plan --triggers "orders fail for 30 min" --steps "stop sync; restore snapshot; switch DNS back" --deciders "@wangfang @lina" --pnr "2026-12-07 18:00"');
    expect(plan.text).toContain("2026-12-07 18:00");
    expect(plan.text).toContain("2. restore snapshot");
    expect(plan.text).toContain("王芳 Wang Fang");
  });

  it("a proposal reaches the deciders with Roll back / Continue; only deciders decide; continue is recorded and posted", async () => {
    const proposed = await bot.as("anna").dm().says('rollback propose "orders fail with error 500 for 20 minutes"');
    expect(proposed.text).toContain("RB-1");
    expect(JSON.stringify(dms("wangfang").at(-1)!.message)).toContain("rollback decide RB-1 continue");
    const board = await bot.runtime.services.decisions.pendingFor({ tenantId: (await bot.runtime.database.db.selectFrom("projects").select("tenant_id").executeTakeFirstOrThrow()).tenant_id, personId: (await bot.runtime.database.db.selectFrom("identities").select("person_id").where("user_id", "=", "lina").executeTakeFirstOrThrow()).person_id, locale: "en" });
    expect(board.map((d) => [d.kind, d.key])).toEqual([["rollback", "RB-1"]]);
    expect((await bot.as("zhangmin").dm().says("rollback decide RB-1 rollback")).text).toContain("决策人");
    await bot.as("wangfang").dm().says(":dm");
    const decided = await bot.as("wangfang").dm().clicks(2);
    expect(decided.text).toContain("RB-1");
    const posted = bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "#apollo").map((s) => JSON.stringify(s.message)).join();
    expect(posted).toContain("RB-1：继续 — 由 王芳 Wang Fang");
    expect((await bot.as("lina").dm().says("rollback decide RB-1 rollback")).text).toContain("记录保持不变");
  });

  it("after the point of no return a decision needs an explicit override, which is audited", async () => {
    await bot.line(":clock 2026-12-07T11:00:00Z");
    await bot.as("anna").dm().says('rollback propose "data loss found in accounts"');
    expect(JSON.stringify(dms("lina").at(-1)!.message)).toContain("--override");
    expect((await bot.as("lina").dm().says('rollback decide RB-2 rollback "data loss"')).text).toContain("--override");
    const done = await bot.as("lina").dm().says('rollback decide RB-2 rollback "data loss" --override "customers cannot order; restoring costs a day"');
    expect(done.text).toContain("RB-2");
    const tenant = await bot.runtime.database.db.selectFrom("projects").select("tenant_id").executeTakeFirstOrThrow();
    const audit = await bot.runtime.services.audit.recent(tenant.tenant_id, 5);
    expect(audit.find((a) => a.action === "golive.rollback_override")?.details).toMatchObject({ proposal: "RB-2", choice: "rollback" });
  });

  it("the decided rollback's steps are tasks on a checklist", async () => {
    expect((await bot.as("anna").dm().says("rollback checklist")).text).toContain("0 of 3 steps done");
    const list = await bot.as("lina").dm().says("回滚清单");
    const key = /(T-\d+) RB-2 · 1\. stop sync/.exec(list.text)![1]!;
    await bot.as("lina").dm().says(`task done ${key}`);
    const after = await bot.as("anna").dm().says("rollback checklist");
    expect(after.text).toContain("1 of 3 steps done");
    expect(after.text).toContain(`☑ ${key}`);
  });
});
