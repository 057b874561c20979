import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEvent, type UsageEvent } from "../../src/adoption/events.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

const event = (raw: Record<string, unknown>): UsageEvent => {
  const read = readEvent({ user: "liu.yang@apollo.example", type: "record_created", object: "account", ...raw }, new Date("2027-01-01T00:00:00Z"));
  if ("reason" in read) throw new Error(`${read.reason} ${read.field}`);
  return read;
};

/** 刘洋's adoption data: in his export; gone after erasure (kudos he gave stay, anonymous); events past 400 days purged. */
describe("adoption personal data", () => {
  let bot: TestBot;
  const db = () => bot.runtime.database.db;
  let liuyangId = 0;

  beforeAll(async () => {
    bot = await createTestBot({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), "adoption-privacy-")) } });
    await bot.line(":clock 2026-12-07T02:00:00Z");
    await bot.as("liuyang").dm().says("help");
    const project = await db().selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    liuyangId = (await db().selectFrom("people").select("id").where("display_name", "=", "刘洋 Liu Yang").executeTakeFirstOrThrow()).id;
    await bot.runtime.services.adoption.ingest(project.tenant_id, project.id, [
      event({ id: "old", occurred_at: "2026-01-01T03:00:00Z", record_id: "A-0" }),
      event({ id: "new", occurred_at: "2026-12-06T03:00:00Z", record_id: "A-1" }),
      event({ id: "zm", occurred_at: "2026-12-06T03:00:00Z", record_id: "A-9", user: "zhang.min@apollo.example" }),
    ]);
    await bot.as("lina").dm().says("thanks @liuyang 客户资料很完整");
    await bot.as("liuyang").dm().says("thanks @zhangmin 帮我导入了线索");
    await bot.as("liuyang").dm().says("adoption optout");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("his export holds his CRM events, points, kudos given and received, and the opt-out", async () => {
    const reply = await bot.as("liuyang").dm().says("隐私 导出 我");
    const file = /(\/\S+\.json)/.exec(reply.text)?.[1];
    const document = JSON.parse(readFileSync(file!, "utf8")) as { data: Record<string, Record<string, unknown>> };
    const adoption = document.data.adoption!;
    expect(adoption.crmUsers).toEqual(["liu.yang@apollo.example"]);
    expect((adoption.crmEvents as unknown[]).length).toBe(2);
    expect(JSON.stringify(adoption.points)).toContain("record_created");
    expect(adoption.kudosReceived).toEqual([expect.objectContaining({ from: "李娜 Li Na", reason: "客户资料很完整" })]);
    expect(adoption.kudosGiven).toEqual([expect.objectContaining({ to: "张敏 Zhang Min", reason: "帮我导入了线索" })]);
    expect(adoption.optedOutOfBoards).toBeDefined();
  });

  it("erasure deletes his events, points and kudos received, and keeps the kudos he gave, anonymous", async () => {
    await bot.as("chenwei").dm().says('privacy erase @liuyang --reason "本人申请删除"');
    expect((await bot.as("chenwei").dm().says("是")).text).toContain("其数据已从所有功能中删除");
    expect(await db().selectFrom("adoption_events").select("event_id").where("crm_user", "=", "liu.yang@apollo.example").execute()).toEqual([]);
    expect(await db().selectFrom("adoption_users").select("crm_user").where("crm_user", "=", "liu.yang@apollo.example").execute()).toEqual([]);
    expect(await db().selectFrom("adoption_points").select("id").where("crm_user", "=", "liu.yang@apollo.example").execute()).toEqual([]);
    expect(await db().selectFrom("adoption_points").select("id").where("person_id", "=", liuyangId).execute()).toEqual([]);
    expect(await db().selectFrom("adoption_kudos").select("id").where("receiver_id", "=", liuyangId).execute()).toEqual([]);
    const given = await db().selectFrom("adoption_kudos").select(["giver_id", "reason"]).where("reason", "=", "帮我导入了线索").execute();
    expect(given).toEqual([{ giver_id: null, reason: "帮我导入了线索" }]);
    expect(await db().selectFrom("adoption_optouts").select("person_id").execute()).toEqual([]);
    // Others' data stays.
    expect(await db().selectFrom("adoption_events").select("event_id").execute()).toEqual([{ event_id: "zm" }]);
  });

  it("CRM events are kept 400 days by default, then purged by the nightly sweep", async () => {
    expect((await bot.as("chenwei").dm().says("privacy retention")).text).toContain("CRM 使用事件（积分）");
    const project = await db().selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    await bot.runtime.services.adoption.ingest(project.tenant_id, project.id, [event({ id: "ancient", occurred_at: "2026-01-02T03:00:00Z", record_id: "A-5", user: "crm-1" })]);
    await bot.line(":clock 2027-02-10T18:59:00Z");
    await bot.line(":clock 2027-02-10T19:00:00Z");
    expect((await db().selectFrom("adoption_events").select("event_id").orderBy("event_id").execute()).map((r) => r.event_id)).toEqual(["zm"]);
  });
});
