import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineFeature } from "../../src/feature/define.js";
import { signCsvGrant } from "../../src/feedback/export.js";
import type { FeedbackReads } from "../../src/feedback/feature.js";
import { features } from "../../src/features.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** Feedback's read API (what the sponsor digest and adoption may read) and its personal data (issue #22). */
const SECRET = "feedback-test-secret-0123456789-abcdefghij";

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
    bot = await createTestBot({ features: [...features, digestReader], env: { PORT: "0", HOST: "127.0.0.1", LINK_SECRET: SECRET, PUBLIC_URL: "https://bot.example" } });
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

  it("the CSV export opens in Excel: a BOM, a header, Chinese text whole, formulas defused; only key users, the PM and sponsors", async () => {
    await bot.as("tom").dm().says(`feedback '=HYPERLINK("http://x") totals, "quoted", wrong'`);
    expect((await bot.as("liuyang").dm().says("feedback export")).text).toContain("只有关键用户、项目经理和发起人");
    const reply = await bot.as("wangfang").dm().says("反馈 导出");
    const file = /(\/\S+\.csv)/.exec(reply.text)![1]!;
    const csv = readFileSync(file, "utf8");
    expect(csv.startsWith("\uFEFFkey,created,reporter,type,module")).toBe(true);
    const lines = csv.split("\r\n");
    expect(lines[1]).toContain("FB-1,2026-12-07 10:00,刘洋 Liu Yang,missing_feature,quotes,urgent,triaged,陈伟 Chen Wei,2,");
    expect(lines[1]).toContain("报价单导出 PDF 时缺少公司抬头");
    expect(lines[3]).toContain(`"'=HYPERLINK(""http://x"") totals, ""quoted"", wrong"`);
    // The signed link serves the same file to a browser; a forged or expired one gets 403.
    const http = await bot.runtime.startHttp();
    const { port } = http.server.address() as AddressInfo;
    const now = bot.runtime.clock.now().getTime();
    const good = await fetch(`http://127.0.0.1:${port}/feedback/export.csv?t=${signCsvGrant(SECRET, { tenantId, projectId, expiresAt: now + 3600_000 })}`);
    expect(good.status).toBe(200);
    expect(good.headers.get("content-type")).toContain("text/csv");
    expect(new Uint8Array(await good.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect((await fetch(`http://127.0.0.1:${port}/feedback/export.csv?t=${signCsvGrant(SECRET, { tenantId, projectId, expiresAt: now - 1 })}`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/feedback/export.csv?t=${signCsvGrant("another-secret-0123456789-abcdefghijkl", { tenantId, projectId, expiresAt: now + 3600_000 })}`)).status).toBe(403);
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
    expect(items.slice(0, 2).map((i) => [i.key, i.reporter_id])).toEqual([["FB-1", null], ["FB-2", null]]);
    expect(items[2]!.reporter_id).not.toBeNull();
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
