import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineFeature } from "../../src/feature/define.js";
import { features } from "../../src/features.js";
import type { GoliveReads } from "../../src/golive/feature.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** Go-live's personal data (export, erasure onto the former member with decision records kept) and its read API. */
describe("go-live personal data and reads", () => {
  let bot: TestBot;
  const db = () => bot.runtime.database.db;
  let zhangminId: number;
  let tenantId: number;
  let projectId: number;
  let reads: GoliveReads;

  beforeAll(async () => {
    // The sponsor digest lives in another feature: a later feature reads go-live through its read API only.
    const digestReader = defineFeature({
      name: "digest-reader",
      build(deps) {
        reads = deps.reads.get<GoliveReads>("golive");
        return {};
      },
    });
    bot = await createTestBot({ features: [...features, digestReader] });
    await bot.line(":clock 2026-12-07T02:00:00Z");
    zhangminId = (await db().selectFrom("identities").select("person_id").where("user_id", "=", "zhangmin").executeTakeFirstOrThrow()).person_id;
    const project = await db().selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    tenantId = project.tenant_id;
    projectId = project.id;
    await bot.as("lina").dm().says("golive template");
    await bot.as("lina").dm().says("golive approvers @zhangmin");
    await bot.as("lina").dm().says("golive decide");
    await bot.as("zhangmin").dm().says('golive vote nogo "张敏 Zhang Min: UAT not signed" --date 2026-12-19');
    await bot.as("lina").dm().says("warroom open");
    await bot.as("lina").dm().says("warroom role commander @zhangmin");
    await bot.as("zhangmin").dm().says('warroom issue "orders fail" --sev 1 --owner @zhangmin');
  });
  afterAll(async () => {
    await bot.close();
  });

  it("the read API gives the sponsor digest: countdown, readiness by category, open sev1, pending votes", async () => {
    const digest = await reads.digest(tenantId, projectId);
    expect(digest.readiness).toMatchObject({ passed: 0, total: 14, percent: 0 });
    expect(digest.readiness.byCategory.find((c) => c.category === "data")).toMatchObject({ total: 4, passed: 0 });
    expect(digest.openSev1).toBe(1);
    expect(digest.pendingVotes).toBe(1); // the sponsor has not voted yet
    expect(digest.warroom).toBe("open");
    expect(typeof digest.daysToGoLive).toBe("number");
  });

  it("export holds their votes, roles and issues", async () => {
    const reply = await bot.as("zhangmin").dm().says("privacy export me");
    const file = /(\/\S+\.json)/.exec(reply.text)![1]!;
    const document = JSON.parse(readFileSync(file, "utf8")) as { data: Record<string, Record<string, unknown>> };
    const golive = JSON.stringify(document.data.golive);
    expect(golive).toContain("UAT not signed");
    expect(golive).toContain("commander");
    expect(golive).toContain("orders fail");
  });

  it("erasure hands votes, roles and issues to the former member; the decision records stay, scrubbed of the name", async () => {
    await bot.as("chenwei").dm().says('privacy erase @zhangmin --reason "left the company"');
    const done = await bot.as("chenwei").dm().says("是");
    expect(done.text).toContain("其数据已从所有功能中删除");
    const columns = await sql<{ table_name: string; column_name: string }>`
      select kcu.table_name, kcu.column_name
      from information_schema.referential_constraints rc
      join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
      join information_schema.key_column_usage pk on pk.constraint_name = rc.unique_constraint_name and pk.constraint_schema = rc.unique_constraint_schema
      where rc.constraint_schema = current_schema() and pk.table_name = 'people' and pk.column_name = 'id' and kcu.table_name in ('golive_gates','golive_approvers','golive_rounds','golive_votes','warrooms','warroom_roles','warroom_issues','warroom_events','rollback_plans','rollback_deciders','rollback_proposals')`.execute(db());
    expect(columns.rows.length).toBeGreaterThan(15);
    for (const { table_name, column_name } of columns.rows) {
      const found = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)} where ${sql.ref(column_name)} = ${zhangminId}`.execute(db());
      expect({ table: table_name, column: column_name, rows: found.rows[0]!.n }).toEqual({ table: table_name, column: column_name, rows: 0 });
    }
    const votes = await db().selectFrom("golive_votes").select(["vote", "reason"]).execute();
    expect(votes).toHaveLength(1);
    expect(votes[0]!.vote).toBe("nogo");
    expect(votes[0]!.reason).not.toContain("张敏 Zhang Min");
    expect(await db().selectFrom("warroom_roles").select("role").execute()).toEqual([{ role: "commander" }]);
  });
});
