import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { verifySlackSignature } from "../adapters/slack/crypto.js";
import { createSlackAdapter } from "../adapters/slack/index.js";
import { createBullmqQueue } from "../jobs/bullmq.js";
import { createInlineQueue } from "../jobs/inline.js";
import { createIngest } from "../src/core/ingest.js";
import { createMetrics } from "../src/http/metrics.js";
import { createHttpServer } from "../src/http/server.js";
import { benchRedisPrefix } from "./run-names.js";

// The server half of bench/webhook.ts, in a child process of its own so that its CPU time is measured alone:
// `bare` is node:http that only verifies the signature; `slack` is our POST /slack/events (verify → decode →
// enqueue under the delivery key's job id → ack), a direct route of the shared server; `route` is the same route
// with a sink that does nothing, to show what the transport costs apart from the queue. Messages:
// {cpu:"start"|"stop"} in, {ready, port} and {cpuMicros} out.

const mode = process.argv[2];
const secret = process.env.BENCH_SIGNING_SECRET ?? "bench-secret";

async function startBare(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const header = (name: string) => {
        const v = req.headers[name];
        return typeof v === "string" ? v : undefined;
      };
      const ok = verifySlackSignature({ signingSecret: secret, timestamp: header("x-slack-request-timestamp"), signature: header("x-slack-signature"), rawBody: Buffer.concat(chunks), nowMs: Date.now() }).ok;
      res.writeHead(ok ? 200 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Our route and adapter with a sink that does nothing: what the transport itself costs, without dedupe and queue. */
async function startRoute(): Promise<{ port: number; close(): Promise<void> }> {
  const logger = pino({ level: "silent" });
  const adapter = createSlackAdapter({ botToken: "xoxb-bench", signingSecret: secret, apiUrl: process.env.SLACK_API_URL ?? "http://127.0.0.1:9/api/", logger });
  await adapter.start(async () => undefined);
  const app = await createHttpServer({ logger, metrics: createMetrics(async () => 0), readiness: [], mounts: [], directRoutes: [...adapter.directRoutes] });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    port: (app.server.address() as AddressInfo).port,
    async close() {
      await app.close();
      await adapter.stop();
    },
  };
}

/** Our route on the real ingest: one queue add (BullMQ when REDIS_URL is set) before the ack; no workers run here. */
async function startSlack(): Promise<{ port: number; close(): Promise<void> }> {
  const onError = () => undefined;
  const queue = process.env.REDIS_URL ? createBullmqQueue({ url: process.env.REDIS_URL, prefix: process.env.BENCH_REDIS_PREFIX ?? benchRedisPrefix("webhook_server"), onError }) : createInlineQueue({ onError });
  const logger = pino({ level: "silent" });
  const adapter = createSlackAdapter({ botToken: "xoxb-bench", signingSecret: secret, apiUrl: process.env.SLACK_API_URL ?? "http://127.0.0.1:9/api/", logger });
  await adapter.start(createIngest({ queue }));
  const app = await createHttpServer({ logger, metrics: createMetrics(() => queue.depth()), readiness: [], mounts: [], directRoutes: [...adapter.directRoutes] });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    port: (app.server.address() as AddressInfo).port,
    async close() {
      await app.close();
      await adapter.stop();
      await queue.close();
    },
  };
}

const server = mode === "bare" ? await startBare() : mode === "route" ? await startRoute() : await startSlack();
let cpuAt = process.cpuUsage();
process.on("message", (message: { cpu?: string; close?: boolean }) => {
  if (message.cpu === "start") {
    cpuAt = process.cpuUsage();
    process.send?.({ started: true });
  } else if (message.cpu === "stop") {
    const used = process.cpuUsage(cpuAt);
    process.send?.({ cpuMicros: used.user + used.system });
  } else if (message.close) {
    void server.close().finally(() => process.exit(0));
  }
});
process.send?.({ ready: true, port: server.port });
