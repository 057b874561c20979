import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** Go/no-go: approvers asked in DMs, go refused while gates are open, the sponsor's override, the decision posted. */
describe("go-live go/no-go", () => {
  let bot: TestBot;
  const pending = async (handle: string) => {
    const db = bot.runtime.database.db;
    const person = await db.selectFrom("identities").select("person_id").where("user_id", "=", handle).executeTakeFirstOrThrow();
    const tenant = await db.selectFrom("projects").select("tenant_id").where("key", "=", "apollo").executeTakeFirstOrThrow();
    return bot.runtime.services.decisions.pendingFor({ tenantId: tenant.tenant_id, personId: person.person_id, locale: "en" });
  };

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-07T02:00:00Z");
    await bot.as("lina").dm().says("golive template");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("the PM asks; the sponsor gets Go / No-go buttons and it is a pending decision", async () => {
    expect((await bot.as("liuyang").dm().says("golive decide")).text).toContain("项目经理");
    const card = await bot.as("lina").dm().says("golive decide");
    expect(card.text).toContain("GO-1");
    expect(card.text).toContain("0/14");
    const ask = bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "dm:wangfang").at(-1)!;
    expect(JSON.stringify(ask.message)).toContain('"command":"golive vote go"');
    expect((await pending("wangfang")).map((d) => [d.feature, d.kind, d.key])).toEqual([["golive", "go", "GO-1"]]);
  });

  it("someone who is not an approver cannot vote; the PM adds an approver", async () => {
    expect((await bot.as("zhangmin").dm().says('golive vote go "fine"')).text).toContain("只有上线审批人");
    expect((await bot.as("lina").dm().says("golive approvers @zhangmin")).text).toContain("张敏 Zhang Min");
  });

  it("go is refused while gates are open, and the refusal is audited", async () => {
    const refused = await bot.as("wangfang").dm().says('golive vote go "looks fine"');
    expect(refused.text).toContain("不能投上线票");
    expect(refused.text).toContain("14");
    const tenant = await bot.runtime.database.db.selectFrom("projects").select("tenant_id").where("key", "=", "apollo").executeTakeFirstOrThrow();
    const audit = await bot.runtime.services.audit.recent(tenant.tenant_id, 5);
    expect(audit.some((a) => a.action === "golive vote" && a.outcome === "refused")).toBe(true);
  });

  it("only a sponsor overrides, with a written reason that is audited and shown in the decision", async () => {
    expect((await bot.as("lina").dm().says('golive override "we go anyway, trust me"')).text).toContain("发起人");
    const done = await bot.as("wangfang").dm().says('golive override "training for the last users is booked on Monday"');
    expect(done.text).toContain("GO-1");
    const tenant = await bot.runtime.database.db.selectFrom("projects").select("tenant_id").where("key", "=", "apollo").executeTakeFirstOrThrow();
    const audit = await bot.runtime.services.audit.recent(tenant.tenant_id, 5);
    expect(audit.find((a) => a.action === "golive.override")?.details).toMatchObject({ round: "GO-1", reason: "training for the last users is booked on Monday" });
    const vote = await bot.as("wangfang").dm().says('golive vote go "override noted, support ready"');
    expect(vote.text).toContain("GO-1");
    expect(await pending("wangfang")).toEqual([]);
  });

  it("the last approver's click decides: go is posted to the project group with who, when, why and the override", async () => {
    await bot.as("zhangmin").dm().says("golive checklist");
    const ask = bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "dm:zhangmin" && JSON.stringify(s.message).includes("golive vote go")).at(-1);
    expect(ask).toBeUndefined(); // zhangmin was added after the ask: they vote by typing
    const decided = await bot.as("zhangmin").dm().says("golive vote go");
    expect(decided.text).toContain("GO");
    const posted = bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "#apollo").map((s) => JSON.stringify(s.message)).join("\n");
    expect(posted).toContain("上线决策 GO-1");
    expect(posted).toContain("王芳 Wang Fang");
    expect(posted).toContain("training for the last users is booked on Monday");
    expect((await bot.as("wangfang").dm().says("golive vote nogo")).text).toContain("golive decide");
  });
});
