import { sql } from "kysely";
import type { InboundEvent } from "../src/core/adapter.js";
import { eachAtMost } from "../src/core/each-at-most.js";
import { readConfig } from "../src/config.js";
import { CONSOLE_TENANT, createConsoleFor, createRuntime } from "../src/main.js";
import { benchRedisPrefix, benchSchemaName } from "./run-names.js";

/** Commands the load phase keeps in flight: as many as the inbound worker runs at once (jobs/bullmq.ts). */
const IN_FLIGHT = 8;

/**
 * One typed command through the whole core (ingest → queue → dispatcher → command → outbox → deliver →
 * console send), against a baseline of the same number of trivial database round trips on the same
 * database in the same run. The ratio says how many round trips' worth of work a command costs.
 *
 * Two phases. One at a time through the console session (each line waits for the queues to drain): a command's
 * cost where nothing is shared. Then under load, what caps a replica: commands handed to the console adapter's sink
 * as a platform's webhook route hands them, IN_FLIGHT at a time, each lane sending its next once a reply arrives —
 * the queue's fetch loop and the pools then serve several commands per wake-up. Its baseline is as many round
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
    const baselineCpuBefore = process.cpuUsage();
    const baselineStart = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await sql`select 1`.execute(runtime.database.db);
    const baselineNs = Number(process.hrtime.bigint() - baselineStart);
    const baselineCpu = process.cpuUsage(baselineCpuBefore);
    const cpuBefore = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await session.line(i % 2 ? "member list" : "project show");
    const commandNs = Number(process.hrtime.bigint() - start);
    const cpu = process.cpuUsage(cpuBefore);

    const loadCommands = iterations * 2;
    const lanes = async (count: number, one: (i: number) => Promise<unknown>): Promise<{ ns: number; cpuMs: number }> => {
      const indexes = Array.from({ length: count }, (_, i) => i);
      const cpuStart = process.cpuUsage();
      const begin = process.hrtime.bigint();
      await eachAtMost(indexes, IN_FLIGHT, async (i) => void (await one(i)));
      const used = process.cpuUsage(cpuStart);
      return { ns: Number(process.hrtime.bigint() - begin), cpuMs: (used.user + used.system) / 1000 };
    };
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
      "command ms (mean)": +(commandNs / iterations / 1e6).toFixed(3),
      "baseline round trip ms (mean)": +(baselineNs / iterations / 1e6).toFixed(3),
      "ratio command / round trip": +(commandNs / baselineNs).toFixed(1),
      "cpu ms per command": +((cpu.user + cpu.system) / 1000 / iterations).toFixed(3),
      "target cpu ms per command": 3,
      // CPU is what a busy machine inflates least unevenly: the command's against a round trip's, both in this run.
      "baseline cpu ms per round trip": +((baselineCpu.user + baselineCpu.system) / 1000 / iterations).toFixed(3),
      "cpu ratio command / round trip": +((cpu.user + cpu.system) / (baselineCpu.user + baselineCpu.system)).toFixed(1),
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
