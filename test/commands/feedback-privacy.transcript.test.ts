import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineFeature } from "../../src/feature/define.js";
import type { FeedbackReads } from "../../src/feedback/feature.js";
import { features } from "../../src/features.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** Feedback's read API (what the sponsor digest and adoption may read) and its personal data (issue #22). */
describe("feedback reads and personal data", () => {
  let bot: TestBot;
  const db = () => bot.runtime.database.db;
  let reads: FeedbackReads;
  let tenantId: number;
  let projectId: number;
  let liuyangId: number;

  beforeAll(async () => {
    const digestReader = defineFeature({
      name: "digest-reader",
      build(deps) {
        reads = deps.reads.get<FeedbackReads>("feedback");
        return {};
      },
    });
    bot = await createTestBot({ features: [...features, digestReader] });
    await bot.line(":clock 2026-12-07T02:00:00Z");
    const project = await db().selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    tenantId = project.tenant_id;
    projectId = project.id;
    liuyangId = (await db().selectFrom("identities").select("person_id").where("user_id", "=", "liuyang").executeTakeFirstOrThrow()).person_id;
    await bot.as("liuyang").in("#apollo").says('feedback "刘洋 Liu Yang 发现：报价单导出 PDF 时缺少公司抬头"');
    await bot.line(":clock 2026-12-07T03:00:00Z");
    await bot.as("liuyang").dm().says('feedback "商机看板加载很慢" --module opportunities');
    await bot.as("tom").dm().says("feedback +1 FB-1");
    await bot.line(":clock 2026-12-07T05:00:00Z");
    await bot.as("zhangmin").dm().says("feedback triage FB-1 --type missing_feature --priority urgent --owner @chenwei --module quotes");
    await bot.line(":clock 2026-12-07T09:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("the digest reads counts by status and type, open urgent items and the oldest untriaged one", async () => {
    const digest = await reads.digest(tenantId, projectId);
    expect(digest.byStatus).toMatchObject({ new: 1, triaged: 1, resolved: 0 });
    expect(digest.byType).toEqual({ missing_feature: 1, untyped: 1 });
    expect(digest.openUrgent).toBe(1);
    expect(digest.oldestUntriaged).toMatchObject({ key: "FB-2", ageHours: 6 });
    const stats = await reads.stats(tenantId, projectId);
    const total = stats.find((r) => r.by === "total")!;
    expect(total).toMatchObject({ new: 1, open: 2, resolved: 0, medianHoursToTriage: 3, slaBreaches: 0 });
    expect(stats.find((r) => r.by === "module" && r.value === "quotes")).toMatchObject({ open: 1 });
    const accepted = await reads.acceptedSince(tenantId, projectId, new Date("2026-12-01T00:00:00Z"));
    expect(accepted).toEqual([expect.objectContaining({ personId: liuyangId, ref: "FB-1" })]);
    const shown = await bot.as("lina").dm().says("feedback stats");
    expect(shown.text).toContain("功能缺失");
    expect(shown.text).toContain("报价");
  });

  it("export holds their feedback, and what they said in groups lately", async () => {
    await bot.as("liuyang").in("#apollo").says(":say 今天的培训很有用");
    const reply = await bot.as("liuyang").dm().says("privacy export me");
    const file = /(\/\S+\.json)/.exec(reply.text)![1]!;
    const document = JSON.parse(readFileSync(file, "utf8")) as { data: Record<string, unknown> };
    const feedback = JSON.stringify(document.data.feedback);
    expect(feedback).toContain("报价单导出 PDF");
    expect(feedback).toContain("商机看板加载很慢");
    expect(feedback).toContain("今天的培训很有用");
  });

  it("after erasure an item keeps its text but not its reporter; followers are told nothing about them", async () => {
    await bot.as("chenwei").dm().says('privacy erase @liuyang --reason "left the company"');
    const done = await bot.as("chenwei").dm().says("是");
    expect(done.text).toContain("其数据已从所有功能中删除");
    const items = await db().selectFrom("feedback_items").select(["key", "text", "reporter_id"]).where("project_id", "=", projectId).orderBy("number").execute();
    expect(items.map((i) => [i.key, i.reporter_id])).toEqual([["FB-1", null], ["FB-2", null]]);
    expect(items[0]!.text).toContain("报价单导出 PDF 时缺少公司抬头");
    expect(await db().selectFrom("feedback_heard").select("text").where("person_id", "=", liuyangId).execute()).toEqual([]);
    expect(await db().selectFrom("feedback_events").select("id").where("person_id", "=", liuyangId).execute()).toEqual([]);
    const shown = await bot.as("zhangmin").dm().says("feedback show FB-1");
    expect(shown.text).toContain("已离开的成员");
    expect(shown.text).toContain("Tom Becker");
    // The follower still hears of changes; nobody is told on the erased reporter's behalf.
    const planned = await bot.as("chenwei").dm().says("feedback status FB-1 planned");
    expect(planned.messages.filter((m) => m.conversation.conversationId === "dm:tom")).toHaveLength(1);
  });
});
