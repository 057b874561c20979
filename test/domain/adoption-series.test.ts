import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEvent, type UsageEvent } from "../../src/adoption/events.js";
import type { AdoptionReads } from "../../src/adoption/metrics.js";
import { defineFeature } from "../../src/feature/define.js";
import { features } from "../../src/features.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

const NOW = new Date("2026-12-07T10:00:00Z");

function event(raw: Record<string, unknown>): UsageEvent {
  const read = readEvent({ type: "record_created", object: "account", required_fields: "name", filled_fields: "name", ...raw }, NOW);
  if ("reason" in read) throw new Error(`bad test event: ${read.reason} ${read.field}`);
  return read;
}

/**
 * The digest's eight-week trend counts active people: a person with two CRM users once, a CRM user mapped to nobody
 * on its own — the same figure as counting the week's events person by person.
 */
describe("adoption weekly series", () => {
  let bot: TestBot;
  let tenantId: number;
  let projectId: number;
  let reads: AdoptionReads | undefined;
  const db = () => bot.runtime.database.db;

  /** Active people per week from the raw events (person, else the CRM user). */
  const fromEvents = async () =>
    (
      await sql<{ monday: string; n: number }>`
        select to_char(date_trunc('week', e.day::timestamp), 'YYYY-MM-DD') as monday, count(distinct coalesce('p' || u.person_id, 'u' || e.crm_user))::int as n
        from adoption_events e left join adoption_users u on u.tenant_id = e.tenant_id and u.crm_user = e.crm_user
        where e.project_id = ${projectId} group by 1`.execute(db())
    ).rows.map((r) => [r.monday, Number(r.n)] as const);

  beforeAll(async () => {
    const reader = defineFeature({
      name: "series-reader",
      build(deps) {
        reads = deps.reads.get<AdoptionReads>("adoption");
        return {};
      },
    });
    bot = await createTestBot({ features: [...features, reader] });
    await bot.line(`:clock ${NOW.toISOString()}`);
    await bot.as("lina").dm().says("help");
    const project = await db().selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    tenantId = project.tenant_id;
    projectId = project.id;
  });
  afterAll(async () => {
    await bot.close();
  });

  it("counts a person with several CRM users once, and unmapped CRM users each", async () => {
    await bot.runtime.services.adoption.ingest(tenantId, projectId, [
      // Week of 11-23: both of one person's CRM users, another person, an unmapped user.
      event({ id: "s1", occurred_at: "2026-11-24T02:00:00Z", user: "dup-a", record_id: "A-1" }),
      event({ id: "s2", occurred_at: "2026-11-25T02:00:00Z", user: "dup-b", record_id: "A-2" }),
      event({ id: "s3", occurred_at: "2026-11-25T03:00:00Z", user: "solo", record_id: "A-3" }),
      event({ id: "s4", occurred_at: "2026-11-26T03:00:00Z", user: "nobody-1", record_id: "A-4" }),
      // Week of 11-30: only one of the person's two CRM users, two unmapped ones.
      event({ id: "s5", occurred_at: "2026-12-01T02:00:00Z", user: "dup-b", record_id: "A-5" }),
      event({ id: "s6", occurred_at: "2026-12-01T04:00:00Z", user: "nobody-1", record_id: "A-6" }),
      event({ id: "s7", occurred_at: "2026-12-02T04:00:00Z", user: "nobody-2", record_id: "A-7" }),
    ]);
    const people = await db().selectFrom("people").select("id").where("tenant_id", "=", tenantId).orderBy("id").limit(2).execute();
    const [first, second] = people.map((p) => p.id);
    await sql`update adoption_users set person_id = ${first} where tenant_id = ${tenantId} and crm_user in ('dup-a', 'dup-b')`.execute(db());
    await sql`update adoption_users set person_id = ${second} where tenant_id = ${tenantId} and crm_user = 'solo'`.execute(db());
    await sql`update adoption_users set person_id = null where tenant_id = ${tenantId} and crm_user like 'nobody-%'`.execute(db());

    const series = await reads!.series(tenantId, projectId, { date: "2026-12-06", weeks: 3 });
    const active = Object.fromEntries(series.map((w) => [w.from, w.activeUsers]));
    expect(active).toEqual({ "2026-11-16": 0, "2026-11-23": 3, "2026-11-30": 3 });
    for (const [monday, n] of await fromEvents()) expect(active[monday]).toBe(n);
    expect(series.map((w) => w.recordsCreated)).toEqual([0, 4, 3]);
  });
});
