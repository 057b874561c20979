import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEvent, type UsageEvent } from "../../src/adoption/events.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

const NOW = new Date("2026-12-07T10:00:00Z");

function event(raw: Record<string, unknown>): UsageEvent {
  const read = readEvent({ user: "liu.yang@apollo.example", object: "account", required_fields: "name", filled_fields: "name", ...raw }, NOW);
  if ("reason" in read) throw new Error(`bad test event: ${read.reason} ${read.field}`);
  return read;
}

/**
 * The per-period rollup boards read (migration 0034) says what the awards say, whatever wrote or deleted them:
 * ingest, a deletion's reversal, kudos, erasure — compared with the awards themselves, row for row.
 */
describe("adoption period rollup", () => {
  let bot: TestBot;
  let tenantId: number;
  let projectId: number;
  const db = () => bot.runtime.database.db;
  const ingest = (events: UsageEvent[]) => bot.runtime.services.adoption.ingest(tenantId, projectId, events);

  const rollup = async () =>
    (
      await sql<{ key: string }>`
        select concat_ws('|', period, start, crm_user, person_id, object, points, awards) as key from adoption_period_points
        where project_id = ${projectId} order by 1`.execute(db())
    ).rows.map((r) => r.key);
  const fromAwards = async () =>
    (
      await sql<{ key: string }>`
        select concat_ws('|', p.period, p.start, coalesce(a.crm_user, ''), coalesce(a.person_id, 0), coalesce(a.object, ''), sum(a.points), count(*)) as key
        from adoption_points a
        cross join lateral (values ('week', date_trunc('week', a.day::timestamp)::date), ('month', date_trunc('month', a.day::timestamp)::date)) as p(period, start)
        where a.project_id = ${projectId}
        group by p.period, p.start, coalesce(a.crm_user, ''), coalesce(a.person_id, 0), coalesce(a.object, '') order by 1`.execute(db())
    ).rows.map((r) => r.key);
  /** The module board's figures from the awards themselves. */
  const byObjectFromAwards = async (from: string, to: string) =>
    (
      await sql<{ person_id: number; object: string; points: number }>`
        select u.person_id, p.object, sum(p.points)::int as points from adoption_points p
        join adoption_users u on u.tenant_id = p.tenant_id and u.crm_user = p.crm_user and u.person_id is not null
        where p.project_id = ${projectId} and p.day between ${from} and ${to} and p.object is not null
        group by 1, 2`.execute(db())
    ).rows.map((r) => ({ personId: Number(r.person_id), object: r.object, points: Number(r.points) }));
  const sorted = <T extends { personId: number }>(xs: T[]) => [...xs].sort((a, b) => a.personId - b.personId || JSON.stringify(a).localeCompare(JSON.stringify(b)));

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(`:clock ${NOW.toISOString()}`);
    await bot.as("lina").dm().says("help");
    const project = await db().selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    tenantId = project.tenant_id;
    projectId = project.id;
  });
  afterAll(async () => {
    await bot.close();
  });

  it("follows ingest across weeks and months, a deletion's reversal, kudos and erasure", async () => {
    await ingest([
      event({ id: "1", occurred_at: "2026-11-27T02:00:00Z", type: "record_created", record_id: "A-1" }),
      event({ id: "2", occurred_at: "2026-11-30T02:00:00Z", type: "record_created", object: "contact", record_id: "C-1" }),
      event({ id: "3", occurred_at: "2026-12-01T02:00:00Z", type: "record_updated", record_id: "A-1" }),
      event({ id: "4", occurred_at: "2026-12-02T02:00:00Z", type: "report_generated", object: null }),
      event({ id: "5", occurred_at: "2026-12-02T03:00:00Z", user: "zhang.min@apollo.example", type: "record_created", object: "visit", record_id: "V-1" }),
      event({ id: "6", occurred_at: "2026-12-02T04:00:00Z", user: "crm-nobody", type: "record_created", record_id: "A-9" }),
    ]);
    // Created and deleted within a day: the account's points cancel out, and the module still has its row.
    await ingest([event({ id: "7", occurred_at: "2026-12-03T02:00:00Z", type: "record_created", object: "quote", record_id: "Q-1" })]);
    await ingest([event({ id: "8", occurred_at: "2026-12-03T05:00:00Z", type: "record_deleted", object: "quote", record_id: "Q-1" })]);
    expect((await bot.as("lina").says("thanks @zhangmin 帮我导入了线索")).text).toBeTruthy();
    expect(await rollup()).toEqual(await fromAwards());
    expect((await rollup()).length).toBeGreaterThan(0);

    const { scores } = bot.runtime.services.adoption;
    for (const [from, to] of [["2026-11-01", "2026-11-30"], ["2026-12-01", "2026-12-31"], ["2026-11-23", "2026-11-29"], ["2026-11-30", "2026-12-06"]] as const) {
      expect(sorted(await scores.byObject(projectId, from, to))).toEqual(sorted(await byObjectFromAwards(from, to)));
    }
    expect((await scores.byObject(projectId, "2026-11-30", "2026-12-06")).some((r) => r.object === "quote" && r.points === 0)).toBe(true);

    // Erasure (or any other delete) takes its rows away, and a row goes with its last award.
    await sql`delete from adoption_points where project_id = ${projectId} and crm_user = 'zhang.min@apollo.example'`.execute(db());
    expect(await rollup()).toEqual(await fromAwards());
    expect((await rollup()).some((k) => k.includes("zhang.min@apollo.example"))).toBe(false);
  });
});
