import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createManualClock } from "../../src/core/clock.js";
import { claimMany } from "../../src/schedule/claim-and-notify.js";
import { createConsoleFor, createRuntime, type Runtime } from "../../src/main.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";
import { dropSchema } from "../helpers/cleanup.js";
import { assertServicesPresent, databaseUrl, testConfig, uniqueName } from "../helpers/services.js";

const promptsIn = (runtime: Runtime) => runtime.console!.sent.filter((s) => s.conversation.kind === "direct" && /^站会 · .+ · \d{4}-\d{2}-\d{2}$/.test(s.message.title ?? ""));
const at = (iso: string) => new Date(iso);

async function setUpSales(bot: TestBot): Promise<void> {
  await bot.line(":clock 2026-09-21T08:00:00+08:00");
  expect((await bot.as("lina").says('standup setup "Sales Ops 销售运营"')).text).toContain("站会已开启");
}

describe("stand-up occurrences are sent exactly once", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await setUpSales(bot);
  });
  afterAll(async () => {
    await bot.close();
  });

  it("claimMany gives each key to exactly one of several racing callers", async () => {
    const { db } = bot.runtime.database;
    const keys = Array.from({ length: 20 }, (_, i) => `race:${i}`);
    const results = await Promise.all([claimMany(db, keys), claimMany(db, keys.slice(5)), claimMany(db, keys.slice(0, 10))]);
    expect(keys.map((k) => results.filter((r) => r.has(k)).length)).toEqual(keys.map(() => 1));
    expect((await claimMany(db, keys)).size).toBe(0);
  });

  it("a crash between claim and outbox write rolls the claim back; the next tick sends each prompt once", async () => {
    const { db } = bot.runtime.database;
    // The outbox write of every prompt fails inside its claim's transaction, as a crash at that point would.
    await sql`create function refuse_prompts() returns trigger language plpgsql as $$
      begin if new.key like 'standup:%:prompt' then raise exception 'simulated crash before the outbox write'; end if; return new; end $$`.execute(db);
    await sql`create trigger refuse_prompts before insert on deliveries for each row execute function refuse_prompts()`.execute(db);
    await bot.line(":clock 2026-09-21T09:30:00+08:00");
    expect(promptsIn(bot.runtime)).toHaveLength(0);
    const claims = await db.selectFrom("claims").select("key").where("key", "like", "standup:%:prompt").execute();
    expect(claims).toEqual([]);
    const runs = await db.selectFrom("standup_runs").select("id").execute();
    expect(runs).toEqual([]);

    await sql`drop trigger refuse_prompts on deliveries`.execute(db);
    await bot.line(":clock 2026-09-21T09:31:00+08:00");
    await bot.line(":clock 2026-09-21T09:32:00+08:00");
    expect(promptsIn(bot.runtime).map((s) => s.conversation.conversationId).sort()).toEqual(["dm:lina", "dm:liuyang", "dm:zhangmin"]);
    const rows = await db.selectFrom("deliveries").select(["key", "status"]).where("key", "like", "standup:%:prompt").execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
  });

  it("ticks racing over the same window (replicas, a replayed job) send each reminder once", async () => {
    const { db } = bot.runtime.database;
    await db.updateTable("scheduler_state").set({ last_at: at("2026-09-21T10:25:00+08:00") }).where("name", "=", "tick").execute();
    bot.runtime.clock.set(at("2026-09-21T10:30:00+08:00"));
    const before = bot.runtime.console!.sent.length;
    let second: Runtime | null = null;
    try {
      if (databaseUrl) {
        // A real second replica: its own process state and queue, the same database.
        second = await createRuntime({
          config: testConfig({ DEMO_SEED: "false" }),
          // Set before its queue starts, so that even the scheduler's first tick runs at the test's time.
          clock: createManualClock(at("2026-09-21T10:30:00+08:00")),
          console: { print: () => undefined },
          db: { schema: bot.runtime.database.schema! },
          redisPrefix: uniqueName("rb"),
        });
        await Promise.all([bot.runtime.tick.tick(), second.tick.tick(), bot.runtime.tick.tick()]);
        await second.settle();
      } else {
        await Promise.all([bot.runtime.tick.tick(), bot.runtime.tick.tick(), bot.runtime.tick.tick()]);
      }
      await bot.runtime.settle();
      const reminders = [...bot.runtime.console!.sent.slice(before), ...(second?.console?.sent ?? [])].filter((s) => s.message.title === "站会提醒");
      expect(reminders.map((s) => s.conversation.conversationId).sort()).toEqual(["dm:lina", "dm:liuyang", "dm:zhangmin"]);
      expect(await db.selectFrom("deliveries").select("key").where("key", "like", "standup:%:reminder").execute()).toHaveLength(3);
    } finally {
      await second?.stop();
    }
  });
});

describe("the guided conversation survives a restart", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "standup-restart-"));
  const schema = uniqueName("t");
  const start = (now: string) =>
    createRuntime({
      config: testConfig({ DEMO_SEED: "true", DATA_DIR: dataDir }),
      clock: createManualClock(at(now)),
      console: { print: () => undefined },
      db: databaseUrl ? { schema } : {},
      redisPrefix: uniqueName("rb"),
    });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropSchema(databaseUrl, schema);
  });

  it("answers given before the restart are kept; the next answer goes to the next question", async () => {
    assertServicesPresent();
    const first = await start("2026-09-21T08:00:00+08:00");
    const lines = async (runtime: Runtime, ...input: string[]) => {
      const session = await createConsoleFor(runtime, () => undefined);
      for (const line of input) {
        await session.line(line);
        await runtime.settle();
      }
      return runtime.console!.sent.filter((s) => s.conversation.conversationId === "dm:zhangmin").map((s) => JSON.stringify(s.message));
    };
    try {
      await lines(first, ":clock 2026-09-21T08:00:00+08:00", 'standup setup "Sales Ops 销售运营"', ":clock 2026-09-21T09:30:00+08:00");
      const before = await lines(first, ":as zhangmin", ":click 1", "导入了线索数据");
      expect(before.at(-1)).toContain("（2/3）今天计划做什么？");
    } finally {
      await first.stop();
    }
    const second = await start("2026-09-21T09:45:00+08:00");
    try {
      const after = await lines(second, ":clock 2026-09-21T09:45:00+08:00", ":as zhangmin", "清洗客户数据");
      expect(after.at(-1)).toContain("（3/3）有什么阻塞吗？");
      expect((await lines(second, ":as zhangmin", "无")).at(-1)).toContain("已记录你在 Sales Ops 销售运营 2026-09-21 的站会");
      const run = await second.database.db.selectFrom("standup_runs").innerJoin("people", "people.id", "standup_runs.person_id").select(["standup_runs.answers", "standup_runs.status"]).where("people.email", "=", "zhang.min@apollo.example").executeTakeFirstOrThrow();
      expect(run).toEqual({ status: "answered", answers: { yesterday: "导入了线索数据", today: "清洗客户数据", blockers: "" } });
    } finally {
      await second.stop();
    }
  });
});
