import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { signSlackRequest } from "../adapters/slack/crypto.js";
import { startFakeSlackApi } from "../test/helpers/fake-slack-api.js";
import { deleteRedisKeys, dropSchema } from "../test/helpers/cleanup.js";

/**
 * POST /slack/events under a steady load (autocannon, fixed overall rate, loopback only): the CPU time our server
 * process spends per request — verify → decode → dedupe → enqueue → ack, with Redis when REDIS_URL is set — against
 * a bare node:http server that only verifies the signature, both measured in the same run, each in a child process
 * of its own. A third run, `route-only`, is our route with a sink that does nothing, so that the report shows what
 * the transport costs apart from the dedupe insert and the queue add. Targets (issue 3): ≤ 2.5× the bare server's CPU per request; p99 ack ≤ 50 ms at 500 req/s.
 */
export async function benchWebhook(): Promise<Record<string, number | string>> {
  const seconds = Math.min(18, Number(process.env.BENCH_SECONDS ?? 8));
  const rate = Number(process.env.BENCH_RATE ?? 500);
  const secret = "bench-secret";
  const fake = await startFakeSlackApi({ teamId: "T0BENCH" });
  const schema = `bench_webhook_${Date.now()}`;
  const prefix = `bench_webhook_${Date.now()}`;
  try {
    const bare = await measure("bare", { rate, seconds, secret, env: {} });
    const route = await measure("route", { rate, seconds, secret, env: { SLACK_API_URL: fake.url } });
    const slack = await measure("slack", { rate, seconds, secret, env: { SLACK_API_URL: fake.url, BENCH_SCHEMA: schema, BENCH_REDIS_PREFIX: prefix } });
    const ratio = slack.cpuMsPerRequest / bare.cpuMsPerRequest;
    return {
      bench: "webhook",
      database: process.env.DATABASE_URL ? "postgres" : "pglite",
      queue: process.env.REDIS_URL ? "bullmq" : "inline",
      "rate req/s": rate,
      seconds,
      "bare requests": bare.requests,
      "slack requests": slack.requests,
      "bare cpu ms/req": round(bare.cpuMsPerRequest, 4),
      "route-only cpu ms/req": round(route.cpuMsPerRequest, 4),
      "slack cpu ms/req": round(slack.cpuMsPerRequest, 4),
      "ratio route-only / bare cpu": round(route.cpuMsPerRequest / bare.cpuMsPerRequest, 2),
      "ratio slack / bare cpu": round(ratio, 2),
      "bare p99 ms": bare.p99,
      "route-only p99 ms": route.p99,
      "slack p99 ms": slack.p99,
      "slack p50 ms": slack.p50,
      "slack non-2xx": slack.non2xx,
      "meets ≤2.5× cpu": ratio <= 2.5 ? "yes" : "no",
      "meets p99 ≤50 ms": slack.p99 <= 50 ? "yes" : "no",
    };
  } finally {
    await fake.close();
    if (process.env.DATABASE_URL) await dropSchema(process.env.DATABASE_URL, schema).catch(() => undefined);
    if (process.env.REDIS_URL) await deleteRedisKeys(process.env.REDIS_URL, `${prefix}:`).catch(() => undefined);
  }
}

interface Measured {
  requests: number;
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  non2xx: number;
}

function round(n: number, digits: number): number {
  return Number(n.toFixed(digits));
}

/** A message-event body with a fresh event_id and ts each time, so that no request is a duplicate. */
function eventBody(n: number): string {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, "0")}`;
  return JSON.stringify({
    token: "legacy",
    team_id: "T0BENCH",
    api_app_id: "A0BENCH",
    type: "event_callback",
    event_id: `EvBENCH${process.pid}x${n}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: "message", channel: `D0BENCH${n % 50}`, channel_type: "im", user: `U0BENCH${n % 20}`, text: "member list", ts, event_ts: ts },
  });
}

function once<T>(child: ChildProcess, pick: (m: Record<string, unknown>) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      const value = typeof m === "object" && m !== null ? pick(m as Record<string, unknown>) : undefined;
      if (value !== undefined) {
        child.off("message", onMessage);
        resolve(value);
      }
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

async function measure(mode: "bare" | "route" | "slack", o: { rate: number; seconds: number; secret: string; env: Record<string, string> }): Promise<Measured> {
  const script = fileURLToPath(new URL("./webhook-server.ts", import.meta.url));
  const child = fork(script, [mode], { execArgv: ["--import", "tsx"], env: { ...process.env, ...o.env, BENCH_SIGNING_SECRET: o.secret }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    const port = await once(child, (m) => (m.ready ? Number(m.port) : undefined));
    let n = 0;
    const run = (seconds: number) =>
      autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: 50,
        overallRate: o.rate,
        duration: seconds,
        requests: [
          {
            method: "POST",
            path: "/slack/events",
            setupRequest: (req) => {
              const body = eventBody(++n);
              const timestamp = String(Math.floor(Date.now() / 1000));
              return {
                ...req,
                body,
                headers: { "content-type": "application/json", "x-slack-request-timestamp": timestamp, "x-slack-signature": signSlackRequest({ signingSecret: o.secret, timestamp, rawBody: body }) },
              };
            },
          },
        ],
      });
    await run(2);
    child.send({ cpu: "start" });
    await once(child, (m) => (m.started ? true : undefined));
    const result = await run(o.seconds);
    child.send({ cpu: "stop" });
    const cpuMicros = await once(child, (m) => (typeof m.cpuMicros === "number" ? m.cpuMicros : undefined));
    const requests = result.requests.total;
    return { requests, cpuMsPerRequest: cpuMicros / 1000 / Math.max(1, requests), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
  } finally {
    child.send({ close: true });
    await new Promise((resolve) => {
      child.once("exit", resolve);
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
  }
}
