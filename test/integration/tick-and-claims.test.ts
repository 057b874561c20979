import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../src/core/message.js";
import { claimMany } from "../../src/schedule/claim-and-notify.js";
import type { Occurrence, OccurrenceSchedule, ScheduleWindow } from "../../src/schedule/occurrence.js";
import { CLAIM_RETENTION_MS, MAX_CATCH_UP_MS } from "../../src/schedule/tick.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

const DAY = 86_400_000;

/** Every 09:00 UTC in (from, to]. */
function ninesIn(window: ScheduleWindow): Date[] {
  const day = new Date(window.from);
  day.setUTCHours(9, 0, 0, 0);
  if (day <= window.from) day.setUTCDate(day.getUTCDate() + 1);
  const out: Date[] = [];
  for (; day <= window.to; day.setUTCDate(day.getUTCDate() + 1)) out.push(new Date(day));
  return out;
}

/** The #ops group of the console's demo workspace, where every test schedule here posts. */
const OPS = { platform: "console" as const, tenantId: "demo", conversationId: "#ops", kind: "group" as const };

/**
 * One occurrence per 09:00 UTC in the window, keyed `${prefix}:<date>` and posted to #ops of tenant `tenantId`;
 * `expiresAfterMs` makes each pointless that long after its time (a prompt's).
 */
function occurrencesAtNine(window: ScheduleWindow, prefix: string, tenantId: number, message: (day: string) => OutboundMessage, expiresAfterMs?: number): Occurrence[] {
  return ninesIn(window).map((at) => ({
    key: `${prefix}:${at.toISOString().slice(0, 10)}`,
    dueAt: at,
    ...(expiresAfterMs !== undefined ? { expiresAt: new Date(at.getTime() + expiresAfterMs) } : {}),
    to: { conversation: OPS, tenantId },
    locale: "en" as const,
    timeZone: "UTC",
    message: () => message(at.toISOString().slice(0, 10)),
  }));
}

describe("the tick, occurrence claims and catch-up after downtime", () => {
  const windows: ScheduleWindow[] = [];
  let bot: TestBot;
  let tenantId = 0;

  // A report like a stand-up summary: once a day at 09:00 UTC, still sent after downtime, marked late.
  const report: OccurrenceSchedule = {
    name: "test-daily-report",
    late: "send",
    lookbackMs: 0,
    async *due(window) {
      windows.push(window);
      const occurrences = occurrencesAtNine(window, "report", tenantId, (day) => ({ title: `Report ${day}`, blocks: [{ type: "text", markdown: "all good" }] }));
      if (occurrences.length > 0) yield { occurrences };
    },
  };
  // A prompt like a stand-up's: pointless an hour after its time, so skipped (and counted) after downtime.
  const prompt: OccurrenceSchedule = {
    name: "test-daily-prompt",
    late: "skip",
    lookbackMs: 0,
    async *due(window) {
      const occurrences = occurrencesAtNine(window, "prompt", tenantId, (day) => ({ title: `Prompt ${day}`, blocks: [] }), 3_600_000);
      if (occurrences.length > 0) yield { occurrences };
    },
  };

  // A report whose first run fails (as when the database is away): the window must not be lost with it.
  let failNext = false;
  const flaky: OccurrenceSchedule = {
    name: "test-flaky-report",
    late: "send",
    lookbackMs: 0,
    async *due(window) {
      if (failNext) {
        failNext = false;
        throw new Error("database unavailable");
      }
      const occurrences = occurrencesAtNine(window, "flaky", tenantId, (day) => ({ title: `Flaky ${day}`, blocks: [{ type: "text", markdown: "ok" }] }));
      if (occurrences.length > 0) yield { occurrences };
    },
  };

  const sentTitles = async (prefix: string): Promise<string[]> => {
    const rows = await bot.runtime.database.db.selectFrom("deliveries").select(["key", "message"]).where("key", "like", `${prefix}:%`).orderBy("key").execute();
    return rows.map((r) => {
      const message = r.message as OutboundMessage;
      const late = message.blocks[0]?.type === "text" && message.blocks[0].markdown.startsWith("⏰") ? " (late)" : "";
      return `${message.title}${late}`;
    });
  };
  const metric = async (name: string): Promise<string[]> => (await bot.runtime.metrics.text()).split("\n").filter((l) => l.startsWith(name));

  beforeAll(async () => {
    bot = await createTestBot({ schedules: [report, prompt, flaky], seed: false });
    tenantId = (await bot.runtime.services.tenants.find("console", "demo"))!.id;
  });
  afterAll(async () => {
    await bot.close();
  });

  it("claims an occurrence once, whoever asks and however often", async () => {
    const db = bot.runtime.database.db;
    const claimOnce = async (key: string) => (await claimMany(db, [key])).has(key);
    const results = await Promise.all(Array.from({ length: 8 }, () => claimOnce("standup:1:2:2026-12-01")));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await claimOnce("standup:1:2:2026-12-01")).toBe(false);
    expect(await claimOnce("standup:1:2:2026-12-02")).toBe(true);
  });

  it("covers (last tick, now] so that consecutive ticks neither miss nor repeat a moment", async () => {
    await bot.line(":clock 2026-12-01T08:59:00Z");
    await bot.line(":clock 2026-12-01T09:00:00Z");
    await bot.line(":clock 2026-12-01T09:01:00Z");
    const last = windows.slice(-2);
    expect(last[0]?.from.toISOString()).toBe("2026-12-01T08:59:00.000Z");
    expect(last[0]?.to.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(last[1]?.from.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(await sentTitles("report")).toEqual(["Report 2026-12-01"]);
    expect(await sentTitles("prompt")).toEqual(["Prompt 2026-12-01"]);
  });

  it("a replayed tick for the same moment sends nothing again", async () => {
    await bot.runtime.tick.tick(new Date("2026-12-01T09:00:00Z"));
    await bot.runtime.tick.tick(new Date("2026-12-01T09:01:00Z"));
    await bot.runtime.settle();
    expect(await sentTitles("report")).toEqual(["Report 2026-12-01"]);
  });

  it("after downtime (a :clock jump is one) a report goes out late, marked late; a prompt whose time passed is skipped and counted", async () => {
    await bot.line(":clock 2026-12-04T12:00:00Z");
    expect(await sentTitles("report")).toEqual(["Report 2026-12-01", "Report 2026-12-02 (late)", "Report 2026-12-03 (late)", "Report 2026-12-04 (late)"]);
    expect(await sentTitles("prompt")).toEqual(["Prompt 2026-12-01"]);
    const report = bot.runtime.console!.sent.find((s) => s.message.title === "Report 2026-12-02");
    expect(report?.message.blocks[0]).toEqual({ type: "text", markdown: "⏰ Sent late: this was due 12-02 09:00, when the bot could not send it." });
    expect(await metric('rollout_occurrences_total{schedule="test-daily-prompt",outcome="skipped"}')).toEqual(['rollout_occurrences_total{schedule="test-daily-prompt",outcome="skipped"} 3']);
    expect(await metric('rollout_occurrences_total{schedule="test-daily-report",outcome="late"}')).toEqual(['rollout_occurrences_total{schedule="test-daily-report",outcome="late"} 3']);
    // The skipped prompts stay claimed: the next tick neither sends nor counts them again.
    await bot.line(":clock 2026-12-04T12:01:00Z");
    expect(await metric('rollout_occurrences_total{schedule="test-daily-prompt",outcome="skipped"}')).toEqual(['rollout_occurrences_total{schedule="test-daily-prompt",outcome="skipped"} 3']);
    await bot.line(":clock 2026-12-05T09:00:00Z");
    expect((await sentTitles("report")).at(-1)).toBe("Report 2026-12-05");
    expect((await sentTitles("prompt")).at(-1)).toBe("Prompt 2026-12-05");
  });

  it("catches up at most MAX_CATCH_UP_MS; an older gap is logged and counted, not silently dropped", async () => {
    const truncatedBefore = Number((await metric("rollout_catch_up_truncated_total "))[0]?.split(" ")[1] ?? 0);
    await bot.line(":clock 2026-12-12T10:00:00Z");
    const window = windows.at(-1);
    expect(window && window.to.getTime() - window.from.getTime()).toBe(MAX_CATCH_UP_MS);
    expect(MAX_CATCH_UP_MS).toBe(3 * DAY);
    expect(await sentTitles("report")).toEqual(expect.arrayContaining(["Report 2026-12-10 (late)", "Report 2026-12-11 (late)", "Report 2026-12-12 (late)"]));
    expect(await sentTitles("report")).not.toContain("Report 2026-12-08 (late)");
    expect(await metric("rollout_catch_up_truncated_total ")).toEqual([`rollout_catch_up_truncated_total ${truncatedBefore + 1}`]);
  });

  it("a schedule run that failed leaves its window to the next tick: nothing is lost beyond the look-back", async () => {
    await bot.line(":clock 2026-12-20T08:59:00Z");
    failNext = true;
    await bot.line(":clock 2026-12-20T09:00:00Z");
    expect(await sentTitles("flaky")).not.toContain("Flaky 2026-12-20");
    // An hour later (its look-back is 0): the failed run's window is covered again, and the report goes out late.
    await bot.line(":clock 2026-12-20T10:00:00Z");
    expect(await sentTitles("flaky")).toContain("Flaky 2026-12-20 (late)");
    expect(await sentTitles("report")).toContain("Report 2026-12-20");
  });

  it("forgets claims older than the retention once a day, and keeps recent ones", async () => {
    const db = bot.runtime.database.db;
    const old = new Date(Date.now() - CLAIM_RETENTION_MS - 60_000);
    await db.insertInto("claims").values([{ key: "old:claim", claimed_at: old }, { key: "recent:claim" }]).execute();
    await bot.line(":clock 2026-12-20T12:00:00Z");
    expect(await db.selectFrom("claims").select("key").where("key", "=", "old:claim").executeTakeFirst()).toBeDefined();
    await bot.line(":clock 2026-12-21T00:01:00Z");
    expect(await db.selectFrom("claims").select("key").where("key", "=", "old:claim").executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom("claims").select("key").where("key", "=", "recent:claim").executeTakeFirst()).toBeDefined();
  });
});

describe("a transcript's time", () => {
  // BullMQ runs a job scheduler's first tick at once, on real time: had the test bot one, it could record a real-time
  // tick between a transcript's `:clock`s, and the next `:clock` would find nothing due since.
  it("moves only by :clock: the test bot runs no periodic tick of its own", async () => {
    const bot = await createTestBot({ seed: false });
    try {
      await bot.runtime.settle();
      const lastTick = () => bot.runtime.database.db.selectFrom("scheduler_state").select("last_at").where("name", "=", "tick").executeTakeFirst();
      expect(await lastTick()).toBeUndefined();
      await bot.line(":clock 2026-06-11T09:00:00+08:00");
      expect((await lastTick())?.last_at.toISOString()).toBe("2026-06-11T01:00:00.000Z");
    } finally {
      await bot.close();
    }
  });
});

describe("a tick's schedules", () => {
  // The tick runs its schedules itself, four at a time: one that takes long (a 10,000-person fan-out) must not hold
  // back the others of the same tick.
  it("run side by side: a slow one holds no other back", async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let slowStarted = false;
    let tenantId = 0;
    const slow: OccurrenceSchedule = {
      name: "test-slow",
      late: "send",
      async *due(window) {
        if (window.to.toISOString() !== "2026-12-01T09:00:00.000Z") return;
        slowStarted = true;
        await gate;
      },
    };
    const quick: OccurrenceSchedule = {
      name: "test-quick",
      late: "send",
      lookbackMs: 0,
      async *due(window) {
        const occurrences = occurrencesAtNine(window, "quick", tenantId, () => ({ title: "Quick", blocks: [] }));
        if (occurrences.length > 0) yield { occurrences };
      },
    };
    const bot = await createTestBot({ schedules: [slow, quick], seed: false });
    try {
      tenantId = (await bot.runtime.services.tenants.find("console", "demo"))!.id;
      await bot.line(":clock 2026-12-01T08:59:00Z");
      const ticking = bot.runtime.tick.tick(new Date("2026-12-01T09:00:00Z"));
      const quickRow = () => bot.runtime.database.db.selectFrom("deliveries").select("key").where("key", "like", "quick:%").executeTakeFirst();
      const deadline = Date.now() + 20_000;
      while (!(await quickRow()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(slowStarted).toBe(true);
      expect(await quickRow()).toBeDefined();
      release();
      await ticking;
    } finally {
      release();
      await bot.close();
    }
  });
});
