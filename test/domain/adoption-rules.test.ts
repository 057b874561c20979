import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEvent, type UsageEvent } from "../../src/adoption/events.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

const NOW = new Date("2026-12-07T10:00:00Z");

function event(raw: Record<string, unknown>): UsageEvent {
  const read = readEvent({ user: "liu.yang@apollo.example", object: "account", required_fields: "name;phone", filled_fields: "name;phone", ...raw }, NOW);
  if ("reason" in read) throw new Error(`bad test event: ${read.reason} ${read.field}`);
  return read;
}

/** The scoring rules, through the real ingest and a real database. */
describe("adoption rules", () => {
  let bot: TestBot;
  let tenantId: number;
  let projectId: number;

  const ingest = (events: UsageEvent[]) => bot.runtime.services.adoption.ingest(tenantId, projectId, events);
  const pointsOf = async (refPrefix: string) =>
    (await sql<{ ref: string; points: number }>`select ref, points from adoption_points where ref like ${`${refPrefix}%`} order by id`.execute(bot.runtime.database.db)).rows;
  const sum = async (refLike: string) => (await pointsOf(refLike)).reduce((n, r) => n + r.points, 0);

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(`:clock ${NOW.toISOString()}`);
    await bot.as("lina").dm().says("help");
    const project = await bot.runtime.database.db.selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    tenantId = project.tenant_id;
    projectId = project.id;
  });
  afterAll(async () => {
    await bot.close();
  });

  it("a record deleted within 24 h of its creation loses its points and its first-record bonus", async () => {
    await ingest([event({ id: "c1", occurred_at: "2026-12-06T01:00:00Z", type: "record_created", record_id: "A-1" })]);
    expect(await sum("c:account:A-1")).toBe(3);
    expect(await sum("f:liu.yang@apollo.example:account")).toBe(5);
    await ingest([event({ id: "d1", occurred_at: "2026-12-06T20:00:00Z", type: "record_deleted", record_id: "A-1" })]);
    expect(await sum("d:")).toBe(-8);
    // Created again under the same record id: a record id never counts twice.
    await ingest([event({ id: "c1-again", occurred_at: "2026-12-06T21:00:00Z", type: "record_created", record_id: "A-1" })]);
    expect(await sum("c:account:A-1")).toBe(3);
  });

  it("in one batch: two first records of a type earn one bonus, and a record deleted in the same batch is reversed", async () => {
    const quote = (id: string, at: string, type: string, record: string) => event({ id, occurred_at: at, type, object: "quote", record_id: record });
    await ingest([
      quote("q1", "2026-12-05T01:00:00Z", "record_created", "Q-1"),
      quote("q2", "2026-12-05T02:00:00Z", "record_created", "Q-2"),
      quote("q1-del", "2026-12-05T03:00:00Z", "record_deleted", "Q-1"),
    ]);
    expect(await sum("c:quote:")).toBe(6);
    // The bonus is the earliest record's (Q-1), so deleting Q-1 takes it back as well.
    expect(await pointsOf("f:liu.yang@apollo.example:quote")).toEqual([{ ref: "f:liu.yang@apollo.example:quote", points: 5 }]);
    expect(await sum("d:c:quote:Q-1")).toBe(-3);
    expect(await sum("d:f:liu.yang@apollo.example:quote")).toBe(-5);
    expect(await pointsOf("d:c:quote:Q-2")).toEqual([]);
  });

  it("a record deleted after 24 h keeps its points", async () => {
    await ingest([event({ id: "c2", occurred_at: "2026-12-05T01:00:00Z", type: "record_created", record_id: "A-2" })]);
    await ingest([event({ id: "d2", occurred_at: "2026-12-06T02:00:00Z", type: "record_deleted", record_id: "A-2" })]);
    expect(await pointsOf("d:c:account:A-2")).toEqual([]);
  });

  it("an incomplete record earns nothing", async () => {
    await ingest([event({ id: "c3", occurred_at: "2026-12-06T01:00:00Z", type: "record_created", record_id: "A-3", filled_fields: "name" })]);
    expect(await pointsOf("c:account:A-3")).toEqual([]);
  });

  it("a visit logged more than 24 h after it happened earns nothing; one logged within a day does", async () => {
    await ingest([
      event({ id: "v-late", occurred_at: "2026-12-07T09:00:00Z", related_at: "2026-12-06T08:00:00Z", type: "activity_logged", object: "visit", record_id: "V-1" }),
      event({ id: "v-ok", occurred_at: "2026-12-07T09:00:00Z", related_at: "2026-12-06T10:00:00Z", type: "activity_logged", object: "visit", record_id: "V-2" }),
    ]);
    expect(await pointsOf("a:visit:V-1")).toEqual([]);
    expect(await sum("a:visit:V-2")).toBe(3);
  });

  it("daily caps per person and type hold across batches, and a replay awards nothing", async () => {
    const reports = (from: number) => Array.from({ length: 3 }, (_, i) => event({ id: `r${from + i}`, occurred_at: "2026-12-07T03:00:00Z", type: "report_generated", object: null, record_id: null, required_fields: null }));
    await ingest(reports(0));
    await ingest(reports(10));
    expect(await pointsOf("e:r")).toHaveLength(2);
    expect((await ingest(reports(0))).added).toBe(0);
    expect(await pointsOf("e:r")).toHaveLength(2);
  });

  it("events of a user nobody matches are kept and counted as unmapped, and scored once mapped", async () => {
    await ingest([event({ id: "u1", user: "crm-7781", occurred_at: "2026-12-07T03:00:00Z", type: "record_created", object: "lead", record_id: "L-1" })]);
    const unmapped = await bot.as("chenwei").dm().says("adoption unmapped");
    expect(unmapped.text).toContain("有 1 个 CRM 用户尚未对应到任何人");
    expect(unmapped.text).toContain("crm-7781");
    expect((await bot.as("chenwei").dm().says("adoption map crm-7781 @tom")).text).toContain("CRM 用户 crm-7781 现在对应 Tom Becker");
    expect((await bot.as("chenwei").dm().says("adoption unmapped")).text).toContain("发送过事件的 CRM 用户都已对应到人。");
    expect((await bot.as("tom").dm().says("adoption me")).text).toContain("This week: 7");
  });
});
