import { sql } from "kysely";
import type { InboundEvent } from "../src/core/adapter.js";
import { eachAtMost } from "../src/core/each-at-most.js";
import { readConfig } from "../src/config.js";
import { CONSOLE_TENANT, createConsoleFor, createRuntime } from "../src/main.js";
import { benchRedisPrefix, benchSchemaName } from "./run-names.js";

/** Commands the load phase keeps in flight: as many as the inbound worker runs at once (jobs/bullmq.ts). */
const IN_FLIGHT = 8;
/**
 * Commands run between the cold and the warm phase. Measured over 5,000 commands in windows of 100 (2026-12-06):
 * the CPU per command falls from ~5 ms to ~2 ms over the first 600–1,000 and stays there; without V8's optimising
 * compilers (`--no-opt --no-maglev`) it stays at 4–7 ms, so the fall is compilation, not a cache of ours filling.
 */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 1500);
/** Commands the warm phase measures: more than the others, as a few hundred at ~2 ms each are a second, which noise swamps. */
const WARM_MEASURED = 1000;

/** Wall time and this process's CPU while `run` runs. */
async function measured(run: () => Promise<unknown>): Promise<{ ns: number; cpuMs: number }> {
  const cpuStart = process.cpuUsage();
  const begin = process.hrtime.bigint();
  await run();
  const used = process.cpuUsage(cpuStart);
  return { ns: Number(process.hrtime.bigint() - begin), cpuMs: (used.user + used.system) / 1000 };
}

/**
 * One typed command through the whole core (ingest → queue → dispatcher → command → outbox → deliver →
 * console send), against a baseline of the same number of trivial database round trips on the same
 * database in the same run. The ratio says how many round trips' worth of work a command costs.
 *
 * Three phases. One at a time through the console session (each line waits for the queues to drain), a command's
 * cost where nothing is shared: first just after start, while V8 still compiles the paths a command takes (the
 * cost after a deploy), then once WARM_UP more commands have run (the cost of a replica that has been up a while,
 * which is what caps it). Then under load, commands handed to the console adapter's sink as a platform's webhook
 * route hands them, IN_FLIGHT at a time, each lane sending its next once a reply arrives — the pools and the
 * delivery writes then serve several commands per wake-up (warm too, as it runs last). Its baseline is as many round
 * trips, IN_FLIGHT at a time.
 */
export async function benchDispatch(iterations = Number(process.env.BENCH_ITERATIONS ?? 300)): Promise<Record<string, number | string>> {
  const config = readConfig({ LOG_LEVEL: "silent", DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL });
  if (!config.ok) throw new Error(config.problems.join("; "));
  // Each reply the console adapter sends wakes the load phase's next waiting lane.
  const waiting: (() => void)[] = [];
  const runtime = await createRuntime({ config: config.config, console: { print: () => waiting.shift()?.() }, db: { memory: true, schema: benchSchemaName("db") }, redisPrefix: benchRedisPrefix("dispatch") });
  const session = await createConsoleFor(runtime, () => undefined);
  try {
    for (let i = 0; i < 20; i++) await session.line("member list");
    const baseline = await measured(async () => {
      for (let i = 0; i < iterations; i++) await sql`select 1`.execute(runtime.database.db);
    });
    const oneAtATime = (count: number) =>
      measured(async () => {
        for (let i = 0; i < count; i++) await session.line(i % 2 ? "member list" : "project show");
      });
    const cold = await oneAtATime(iterations);
    await oneAtATime(WARM_UP);
    const warm = await oneAtATime(WARM_MEASURED);

    const loadCommands = iterations * 2;
    const lanes = (count: number, one: (i: number) => Promise<unknown>) =>
      measured(() => eachAtMost(Array.from({ length: count }, (_, i) => i), IN_FLIGHT, async (i) => void (await one(i))));
    const sink = runtime.console!.sink();
    const actor = { platform: "console" as const, tenantId: CONSOLE_TENANT, userId: session.user.userId, displayName: session.user.displayName, isBot: false };
    const runId = `${process.pid}-${Date.now()}`;
    const typed = (i: number): InboundEvent => ({
      dedupeKey: `bench-${runId}-${i}`,
      conversation: { platform: "console", tenantId: CONSOLE_TENANT, conversationId: `dm:${actor.userId}`, kind: "direct" },
      actor,
      receivedAt: new Date().toISOString(),
      raw: null,
      kind: "message",
      messageId: `bench-${i}`,
      text: i % 2 ? "member list" : "project show",
      mentionsBot: true,
    });
    const loadBaseline = await lanes(loadCommands, () => sql`select 1`.execute(runtime.database.db));
    const load = await lanes(loadCommands, async (i) => {
      let timer: NodeJS.Timeout | undefined;
      const replied = new Promise<void>((resolve, reject) => {
        waiting.push(resolve);
        timer = setTimeout(() => reject(new Error(`no reply to load command ${i} within 30 s`)), 30_000);
      });
      await sink(typed(i));
      await replied.finally(() => clearTimeout(timer));
    });
    await runtime.settle();
    return {
      bench: "dispatch",
      database: runtime.database.kind,
      queue: runtime.queue.driver,
      iterations,
      "baseline round trip ms (mean)": +(baseline.ns / iterations / 1e6).toFixed(3),
      "baseline cpu ms per round trip": +(baseline.cpuMs / iterations).toFixed(3),
      "just after start: command ms (mean)": +(cold.ns / iterations / 1e6).toFixed(3),
      "just after start: cpu ms per command": +(cold.cpuMs / iterations).toFixed(3),
      "just after start: cpu ratio command / round trip": +(cold.cpuMs / baseline.cpuMs).toFixed(1),
      [`warm (${WARM_MEASURED} after ${WARM_UP} more): command ms (mean)`]: +(warm.ns / WARM_MEASURED / 1e6).toFixed(3),
      "warm: ratio command / round trip": +(warm.ns / WARM_MEASURED / (baseline.ns / iterations)).toFixed(1),
      "warm: cpu ms per command": +(warm.cpuMs / WARM_MEASURED).toFixed(3),
      "warm: target cpu ms per command": 3,
      // CPU is what a busy machine inflates least unevenly: the command's against a round trip's, both in this run.
      "warm: cpu ratio command / round trip": +(warm.cpuMs / WARM_MEASURED / (baseline.cpuMs / iterations)).toFixed(1),
      [`under load (${IN_FLIGHT} in flight): commands`]: loadCommands,
      "under load: commands per second": Math.round(loadCommands / (load.ns / 1e9)),
      "under load: cpu ms per command": +(load.cpuMs / loadCommands).toFixed(3),
      "under load: target cpu ms per command": 3,
      "under load: baseline cpu ms per round trip": +(loadBaseline.cpuMs / loadCommands).toFixed(3),
      "under load: cpu ratio command / round trip": +(load.cpuMs / loadBaseline.cpuMs).toFixed(1),
    };
  } finally {
    await runtime.stop();
  }
}
