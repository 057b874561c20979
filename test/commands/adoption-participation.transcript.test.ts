import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEvent, type UsageEvent } from "../../src/adoption/events.js";
import type { AdoptionReads } from "../../src/adoption/feature.js";
import { defineFeature } from "../../src/feature/define.js";
import { features } from "../../src/features.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

const event = (raw: Record<string, unknown>): UsageEvent => {
  const read = readEvent(raw, new Date("2027-01-01T00:00:00Z"));
  if ("reason" in read) throw new Error(`${read.reason} ${read.field}`);
  return read;
};

let reads: AdoptionReads | null = null;
// A reader listed after adoption, as the sponsor digest will be: it sees adoption only through its read API.
const digestProbe = defineFeature({
  name: "probe",
  build({ reads: all }) {
    reads = all.get<AdoptionReads>("adoption");
    return {};
  },
});

/** Participation points from the bot's own rituals, and the adoption metrics the sponsor digest reads. */
describe("adoption participation and metrics", () => {
  let bot: TestBot;
  const clock = (iso: string) => bot.line(`:clock ${iso}`);
  let tenantId = 0;
  let projectId = 0;

  beforeAll(async () => {
    bot = await createTestBot({ features: [...features, digestProbe] });
    await clock("2026-12-07T08:00:00+08:00");
    const project = await bot.runtime.database.db.selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    tenantId = project.tenant_id;
    projectId = project.id;
  });
  afterAll(async () => {
    await bot.close();
  });

  it("a stand-up answered before the window closes earns a point; a late one does not", async () => {
    expect((await bot.as("lina").says('standup setup "Sales Ops 销售运营"')).text).toContain("站会已开启");
    await clock("2026-12-07T09:30:00+08:00");
    expect((await bot.as("zhangmin").says('standup -y "导入线索" -t "清洗数据" -b "无"')).text).toContain("已记录你在 Sales Ops 销售运营 2026-12-07 的站会");
    await clock("2026-12-07T11:00:00+08:00");
    expect((await bot.as("liuyang").says('standup -y "培训" -t "准备材料" -b "无"')).text).toContain("记为迟交");
    expect((await bot.as("zhangmin").dm().says("adoption me")).text).toContain("· 按时回答站会：1 次 → 1 分");
    expect((await bot.as("liuyang").dm().says("adoption me")).text).not.toContain("· 按时回答站会");
  });

  it("a task done by its due date earns points for whoever marked it done; a late one does not", async () => {
    expect((await bot.as("lina").says('task add "Clean the lead list" --r @liuyang --a @zhangmin --due 2026-12-08')).text).toContain("T-1");
    expect((await bot.as("lina").says('task add "Map the fields" --r @liuyang --a @zhangmin --due 2026-12-07')).text).toContain("T-2");
    await bot.as("liuyang").says("task done T-1");
    await clock("2026-12-08T10:00:00+08:00");
    await bot.as("liuyang").says("task done T-2");
    const me = await bot.as("liuyang").dm().says("adoption me");
    expect(me.text).toContain("· 按期完成任务：1 次 → 2 分");
  });

  it("the read API gives active/licensed, records created, completeness and on-time logging per week, with the trend and 8 weeks", async () => {
    expect((await bot.as("chenwei").dm().says("adoption licences 10")).text).toContain("Apollo CRM 上线 有 10 个 CRM 许可用户。");
    await bot.runtime.services.adoption.ingest(tenantId, projectId, [
      event({ id: "p1", occurred_at: "2026-12-01T03:00:00Z", user: "zhang.min@apollo.example", type: "record_created", object: "account", record_id: "A-0" }),
      event({ id: "1", occurred_at: "2026-12-08T03:00:00Z", user: "zhang.min@apollo.example", type: "record_created", object: "account", record_id: "A-1", required_fields: ["name"], filled_fields: ["name"] }),
      event({ id: "2", occurred_at: "2026-12-08T03:00:00Z", user: "zhang.min@apollo.example", type: "record_created", object: "account", record_id: "A-2", required_fields: ["name", "phone"], filled_fields: ["name"] }),
      event({ id: "3", occurred_at: "2026-12-08T05:00:00Z", related_at: "2026-12-08T01:00:00Z", user: "liu.yang@apollo.example", type: "activity_logged", object: "visit" }),
      event({ id: "4", occurred_at: "2026-12-08T05:00:00Z", related_at: "2026-12-05T01:00:00Z", user: "liu.yang@apollo.example", type: "activity_logged", object: "visit" }),
      event({ id: "5", occurred_at: "2026-12-08T05:00:00Z", user: "crm-9", type: "login" }),
      event({ id: "6", occurred_at: "2026-12-08T06:00:00Z", user: "anna.schmidt@apollo.example", type: "login" }),
    ]);
    const week = await reads!.week(tenantId, projectId);
    expect(week).toMatchObject({ week: "2026-W50", from: "2026-12-07", to: "2026-12-13", activeUsers: 4, licensed: 10, activePct: 40, recordsCreated: 2, completenessPct: 50, onTimePct: 50 });
    expect(week.previous).toMatchObject({ week: "2026-W49", activeUsers: 1, recordsCreated: 1, completenessPct: 100, onTimePct: null });
    const series = await reads!.series(tenantId, projectId);
    expect(series.map((w) => w.week)).toEqual(["2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49", "2026-W50"]);
    const teams = await reads!.teams(tenantId, projectId);
    expect(teams.map((t) => [t.teamName, t.activeUsers, t.licensed])).toEqual([
      ["Sales Ops 销售运营", 2, null],
      ["EMEA Rollout", 1, null],
    ]);
  });
});
