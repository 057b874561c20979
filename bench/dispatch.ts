import { sql } from "kysely";
import { readConfig } from "../src/config.js";
import { createConsoleFor, createRuntime } from "../src/main.js";
import { benchRedisPrefix, benchSchemaName } from "./run-names.js";

/**
 * One typed command through the whole core (ingest → queue → dispatcher → command → outbox → deliver →
 * console send), against a baseline of the same number of trivial database round trips on the same
 * database in the same run. The ratio says how many round trips' worth of work a command costs.
 */
export async function benchDispatch(iterations = Number(process.env.BENCH_ITERATIONS ?? 300)): Promise<Record<string, number | string>> {
  const config = readConfig({ LOG_LEVEL: "silent", DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL });
  if (!config.ok) throw new Error(config.problems.join("; "));
  const runtime = await createRuntime({ config: config.config, console: { print: () => undefined }, db: { memory: true, schema: benchSchemaName("db") }, redisPrefix: benchRedisPrefix("dispatch") });
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
    };
  } finally {
    await runtime.stop();
  }
}
