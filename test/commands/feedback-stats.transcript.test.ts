import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineFeature } from "../../src/feature/define.js";
import type { FeedbackReads, StatsRow } from "../../src/feedback/feature.js";
import { features } from "../../src/features.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/**
 * `feedback stats`' target breaches, through the read API the digest uses and the command: an untriaged item breaches
 * once its priority's target has passed (urgent 4 hours, others 2 days by default, calendar time), an item triaged
 * late stays a breach, and a longer target set by the PM takes an item out again.
 */
describe("feedback stats: response-target breaches and medians", () => {
  let bot: TestBot;
  let stats: () => Promise<StatsRow[]>;
  const total = async () => (await stats()).find((r) => r.by === "total")!;

  beforeAll(async () => {
    let reads: FeedbackReads | undefined;
    const reader = defineFeature({
      name: "stats-reader",
      build(deps) {
        reads = deps.reads.get<FeedbackReads>("feedback");
        return {};
      },
    });
    bot = await createTestBot({ features: [...features, reader] });
    await bot.line(":clock 2026-12-07T01:00:00Z");
    const project = await bot.runtime.database.db.selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    stats = () => reads!.stats(project.tenant_id, project.id);
  });
  afterAll(async () => {
    await bot.close();
  });

  it("counts nothing as breached before the targets pass", async () => {
    await bot.as("liuyang").says('feedback "Login fails on the phone" --priority urgent --module mobile');
    await bot.as("liuyang").says('feedback "Reports are slow" --module reports --type performance');
    await bot.as("tom").says('feedback "Quotes need a discount column" --module quotes --type missing_feature');
    await bot.line(":clock 2026-12-07T04:59:00Z");
    expect(await total()).toMatchObject({ new: 3, open: 3, resolved: 0, slaBreaches: 0, medianHoursToTriage: null });
  });

  it("an urgent item untriaged past 4 hours is a breach, in its module's and type's rows too", async () => {
    await bot.line(":clock 2026-12-07T05:01:00Z");
    expect(await total()).toMatchObject({ slaBreaches: 1 });
    const rows = await stats();
    expect(rows.find((r) => r.by === "module" && r.value === "mobile")).toMatchObject({ new: 1, slaBreaches: 1 });
    expect(rows.find((r) => r.by === "type" && r.value === null)).toMatchObject({ new: 1, slaBreaches: 1 });
    expect(rows.find((r) => r.by === "module" && r.value === "reports")).toMatchObject({ slaBreaches: 0 });
  });

  it("triage inside the target is no breach; triage after it stays one; the others breach after 2 days", async () => {
    await bot.as("zhangmin").says("feedback triage FB-3 --type missing_feature");
    await bot.as("zhangmin").says("feedback triage FB-1 --type bug");
    expect(await total()).toMatchObject({ new: 1, open: 3, slaBreaches: 1, medianHoursToTriage: 4 });
    await bot.line(":clock 2026-12-09T01:01:00Z");
    expect(await total()).toMatchObject({ new: 1, slaBreaches: 2 });
    expect((await stats()).find((r) => r.by === "module" && r.value === "quotes")).toMatchObject({ open: 1, slaBreaches: 0, medianHoursToTriage: 4 });
  });

  it("a longer target set by the PM takes the waiting item out again; the command shows the numbers", async () => {
    await bot.as("lina").says("feedback settings --other-days 5");
    expect(await total()).toMatchObject({ slaBreaches: 1 });
    await bot.as("zhangmin").says("feedback status FB-3 resolved");
    expect(await total()).toMatchObject({ open: 2, resolved: 1, medianHoursToResolve: 48 });
    const shown = await bot.as("lina").says("feedback stats");
    expect(shown.text).toContain("功能缺失");
    expect(shown.text).toContain("报表");
  });
});
