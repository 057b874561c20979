import type { ChatAdapter } from "../../src/core/adapter.js";
import { createRuntime, type Runtime } from "../../src/main.js";
import { deleteRedisKeys, dropSchema } from "./cleanup.js";
import { assertServicesPresent, databaseUrl, redisUrl, testConfig, uniqueName } from "./services.js";

export interface TestRuntime {
  runtime: Runtime;
  schema: string;
  redisPrefix: string;
  /** Stops the runtime, drops its schema and deletes its Redis keys. */
  close(): Promise<void>;
}

/**
 * A runtime of its own for one suite: Postgres in a fresh schema when DATABASE_URL is set (PGlite in
 * memory otherwise), BullMQ under a fresh prefix when REDIS_URL is set (inline otherwise).
 */
export async function startTestRuntime(options: { env?: Record<string, string>; adapters?: ChatAdapter[]; console?: boolean; printed?: string[] } = {}): Promise<TestRuntime> {
  assertServicesPresent();
  const schema = uniqueName("t");
  const redisPrefix = uniqueName("rb");
  const printed = options.printed ?? [];
  const runtime = await createRuntime({
    config: testConfig({ DEMO_SEED: "true", ...options.env }),
    console: options.console ? { print: (text) => void printed.push(text) } : false,
    db: { schema, memory: true },
    redisPrefix,
    tick: false,
    ...(options.adapters ? { adapters: options.adapters } : {}),
  });
  return {
    runtime,
    schema,
    redisPrefix,
    async close() {
      await runtime.stop();
      if (databaseUrl) await dropSchema(databaseUrl, schema);
      if (redisUrl) await deleteRedisKeys(redisUrl, `${redisPrefix}:`);
    },
  };
}
