import type { AddressInfo } from "node:net";
import { writeHeapSnapshot } from "node:v8";
import { pino } from "pino";
import { readConfig } from "../src/config.js";
import { createRuntime } from "../src/main.js";
import { createPlatformAdapters } from "../src/platforms.js";
import { benchRedisPrefix } from "./run-names.js";

// The server half of bench/soak.ts: a whole bot (Slack adapter against the parent's fake Web API, Postgres, BullMQ
// workers, ticks) in a process of its own, so that its memory is measured alone. Messages: {rss} in, {ready, port}
// and {rss, heapUsed, heapTotal, external} out; {close} stops it.

const read = readConfig({
  NODE_ENV: "production",
  LOG_LEVEL: "silent",
  DEFAULT_LOCALE: "zh-CN",
  PORT: "0",
  HOST: "127.0.0.1",
  DEMO_SEED: "false",
  // The Slack adapter as production configures it (src/platforms.ts): with Redis, its attempt log lives there.
  SLACK_BOT_TOKEN: "xoxb-soak",
  SLACK_SIGNING_SECRET: process.env.BENCH_SIGNING_SECRET ?? "soak-secret",
  SLACK_API_URL: process.env.SLACK_API_URL ?? "http://127.0.0.1:9/api/",
  REDIS_PREFIX: process.env.BENCH_REDIS_PREFIX ?? benchRedisPrefix("soak_server"),
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
});
if (!read.ok) throw new Error(read.problems.join("; "));
const logger = pino({ level: "silent" });
const runtime = await createRuntime({
  config: read.config,
  logger,
  console: false,
  adapters: createPlatformAdapters(read.config, logger),
  db: { schema: process.env.BENCH_SCHEMA ?? "bench_soak", memory: true },
  redisPrefix: read.config.REDIS_PREFIX,
});
const http = await runtime.startHttp();

process.on("message", (message: { rss?: boolean; close?: boolean; snapshot?: string }) => {
  if (message.snapshot) {
    // A heap snapshot for hunting growth between two points of a run (bench/soak-heap.ts compares two).
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ snapshot: writeHeapSnapshot(message.snapshot) });
  } else if (message.rss) {
    // A full collection first (the parent runs us with --expose-gc), so a sample measures what is retained rather
    // than where the collector's sawtooth happens to be.
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    process.send?.({ rss, heapUsed, heapTotal, external });
  } else if (message.close) {
    void runtime.stop().finally(() => process.exit(0));
  }
});
process.send?.({ ready: true, port: (http.server.address() as AddressInfo).port });
