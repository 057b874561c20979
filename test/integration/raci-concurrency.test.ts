import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../../src/main.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";
import { databaseUrl, testConfig, uniqueName } from "../helpers/services.js";

/**
 * Task keys and nag claims under concurrency: parallel `task add`s never share a key, and ticks run at the same
 * moment — on one runtime, and (with Postgres) on a second replica over the same database — send each nag once.
 */
describe("RACI keys and nags under concurrency", () => {
  let bot: TestBot;
  let replica: Runtime | null = null;

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-06-10T10:00+08:00");
    if (databaseUrl && bot.runtime.database.schema) {
      replica = await createRuntime({ config: testConfig(), console: { print: () => undefined }, db: { schema: bot.runtime.database.schema }, redisPrefix: uniqueName("rb"), clock: bot.runtime.clock });
    }
  });
  afterAll(async () => {
    await replica?.stop();
    await bot.close();
  });

  it("hands out distinct consecutive keys to parallel adds", async () => {
    const { services } = bot.runtime;
    const tenant = await services.tenants.find("console", "demo");
    const [project] = await services.projects.list(tenant!.id);
    const lina = await services.people.lookup(tenant!.id, { kind: "user", value: "lina" }, "console");
    if (lina.kind !== "found" || !project) throw new Error("demo seed missing");
    const who = { tenantId: tenant!.id, projectId: project.id, projectKey: project.key, projectName: project.name, personId: lina.person.id, locale: "en" as const, roles: ["pm" as const], conversation: null };
    const cards = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (replica && i % 2 ? replica : bot.runtime).services.raci.add(who, { title: `Parallel ${i}`, r: "@liuyang", a: "@zhangmin", due: "2026-06-12" })),
    );
    const keys = cards.map((c) => c.title?.split(" · ")[0]).sort((a, b) => Number(a?.slice(2)) - Number(b?.slice(2)));
    expect(keys).toEqual(Array.from({ length: 12 }, (_, i) => `T-${i + 1}`));
  });

  it("ticks at the same moment send every nag exactly once", async () => {
    const at = new Date("2026-06-16T09:00:00+08:00");
    bot.runtime.clock.set(at);
    const runtimes = replica ? [bot.runtime, replica, bot.runtime, replica] : [bot.runtime, bot.runtime, bot.runtime];
    await Promise.all(runtimes.map((r) => r.tick.tick(at)));
    await bot.runtime.tick.tick(new Date(at.getTime() + 60_000));
    // A tick queues one job per schedule; the nags are claimed once those jobs have run, on whichever replica.
    await Promise.all([bot.runtime.settle(), replica?.settle()]);
    const rows = await bot.runtime.database.db.selectFrom("deliveries").select("key").where("key", "like", "raci:nag:%").execute();
    const keys = rows.map((r) => r.key.replace(/^raci:nag:\d+:/, "")).sort();
    expect(keys).toEqual(["2026-06-16:escalation", "2026-06-16:overdue"]);
    await bot.runtime.settle();
    await replica?.settle();
    // Each replica delivers what its own workers picked up; together they sent the nag once.
    const sent = [...bot.runtime.console!.sent, ...(replica?.console?.sent ?? [])];
    const nags = sent.filter((s) => s.conversation.conversationId === "dm:liuyang");
    expect(nags).toHaveLength(1);
    expect(nags[0]?.message.title).toBe("你有 12 项任务已逾期");
  });
});
