import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { signSlackRequest } from "../adapters/slack/crypto.js";
import { startFakeSlackApi } from "../test/helpers/fake-slack-api.js";
import { deleteRedisKeys } from "../test/helpers/cleanup.js";
import { percentile } from "./latency.js";
import { steadyLoad, type LoadRequest } from "./steady-load.js";
import { once } from "./child-messages.js";
import { benchRedisPrefix } from "./run-names.js";

type Mode = "bare" | "route" | "slack";
type Shape = "burst" | "steady";

/**
 * POST /slack/events under load at a fixed overall rate, over loopback: the CPU time the server process spends per
 * request — verify → decode → enqueue (with Redis when REDIS_URL is set: one BullMQ add under the delivery key's
 * job id) → ack — against a bare node:http server that only verifies the signature, both measured in the same run,
 * each in a child process of its own. `route-only` is our route with a sink that does nothing: what the transport
 * costs apart from the queue. Two arrival shapes: `burst` is autocannon's rate mode (each of 50 connections sends
 * its per-second quota back to back at the top of every second: 50 requests in flight at once), `steady` an open
 * loop (one request every 1/rate s). BENCH_ROUNDS rounds (default 3), the servers' order rotating each round;
 * the figures are each mode's median. Targets (issue 3): ≤ 2.5× the bare server's CPU per request; p99 ack ≤ 50 ms
 * at 500 req/s. The durable dedupe (the inbound job's database claim) runs later, in the worker, not here.
 */
export async function benchWebhook(): Promise<Record<string, number | string>> {
  const seconds = Math.min(18, Number(process.env.BENCH_SECONDS ?? 8));
  const rate = Number(process.env.BENCH_RATE ?? 500);
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
  const shapes = (process.env.BENCH_SHAPES ?? "burst,steady").split(",").filter((s): s is Shape => s === "burst" || s === "steady");
  const secret = "bench-secret";
  const fake = await startFakeSlackApi({ teamId: "T0BENCH" });
  const prefix = benchRedisPrefix("webhook");
  const env: Record<Mode, Record<string, string>> = {
    bare: {},
    route: { SLACK_API_URL: fake.url },
    slack: { SLACK_API_URL: fake.url, BENCH_REDIS_PREFIX: prefix },
  };
  const modes: Mode[] = ["bare", "route", "slack"];
  try {
    const report: Record<string, number | string> = {
      bench: "webhook",
      queue: process.env.REDIS_URL ? "bullmq" : "inline",
      "rate req/s": rate,
      seconds,
      rounds,
    };
    for (const shape of shapes) {
      const runs: Record<Mode, Measured[]> = { bare: [], route: [], slack: [] };
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < modes.length; i++) {
          const mode = modes[(i + round) % modes.length]!;
          runs[mode].push(await measure(mode, shape, { rate, seconds, secret, env: env[mode] }));
        }
      }
      const cpu = (mode: Mode) => median(runs[mode].map((r) => r.cpuMsPerRequest));
      const p99 = (mode: Mode) => median(runs[mode].map((r) => r.p99));
      const ratio = cpu("slack") / cpu("bare");
      Object.assign(report, {
        [`${shape}: requests per run (slack)`]: median(runs.slack.map((r) => r.requests)),
        [`${shape}: bare cpu ms/req`]: round(cpu("bare"), 4),
        [`${shape}: route-only cpu ms/req`]: round(cpu("route"), 4),
        [`${shape}: slack cpu ms/req`]: round(cpu("slack"), 4),
        [`${shape}: ratio slack / bare cpu`]: round(ratio, 2),
        [`${shape}: ratio per round`]: runs.slack.map((r, i) => round(r.cpuMsPerRequest / runs.bare[i]!.cpuMsPerRequest, 2)).join(" "),
        [`${shape}: bare p99 ms`]: round(p99("bare"), 1),
        [`${shape}: slack p50 ms`]: round(median(runs.slack.map((r) => r.p50)), 1),
        [`${shape}: slack p99 ms`]: round(p99("slack"), 1),
        [`${shape}: slack non-2xx`]: runs.slack.reduce((n, r) => n + r.non2xx, 0),
        [`${shape}: meets ≤2.5× cpu`]: ratio <= 2.5 ? "yes" : "no",
        [`${shape}: meets p99 ≤50 ms`]: p99("slack") <= 50 ? "yes" : "no",
      });
    }
    return report;
  } finally {
    await fake.close();
    if (process.env.REDIS_URL) await deleteRedisKeys(process.env.REDIS_URL, `${prefix}:`).catch(() => undefined);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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

/** A signed message-event request with a fresh event_id and ts each time, so that no request is a duplicate. */
function signedRequest(n: number, secret: string): LoadRequest {
  const body = eventBody(n);
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    path: "/slack/events",
    body,
    headers: { "content-type": "application/json", "x-slack-request-timestamp": timestamp, "x-slack-signature": signSlackRequest({ signingSecret: secret, timestamp, rawBody: body }) },
  };
}

/** Load at `rate` for `seconds` in the given shape; latencies of the answered requests in ms. */
async function load(shape: Shape, o: { port: number; rate: number; seconds: number; next: () => LoadRequest }): Promise<{ requests: number; p50: number; p99: number; non2xx: number }> {
  if (shape === "steady") {
    const result = await steadyLoad({ port: o.port, rate: o.rate, seconds: o.seconds, connections: 50, next: o.next });
    return { requests: result.requests, p50: percentile(result.latencies, 50), p99: percentile(result.latencies, 99), non2xx: result.non2xx + result.errors };
  }
  const result = await autocannon({
    url: `http://127.0.0.1:${o.port}`,
    connections: 50,
    overallRate: o.rate,
    duration: o.seconds,
    // autocannon's coordinated-omission correction assumes an interval of ceil(1 / rate-per-connection) ms, which at
    // 10 req/s per connection is 1 ms instead of 100 ms, and records phantom samples; these are the real latencies.
    ignoreCoordinatedOmission: true,
    requests: [{ method: "POST", path: "/slack/events", setupRequest: (req) => ({ ...req, ...o.next(), method: "POST" }) }],
  });
  return { requests: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
}

async function measure(mode: Mode, shape: Shape, o: { rate: number; seconds: number; secret: string; env: Record<string, string> }): Promise<Measured> {
  const script = fileURLToPath(new URL("./webhook-server.ts", import.meta.url));
  const child = fork(script, [mode], { execArgv: ["--import", "tsx"], env: { ...process.env, ...o.env, BENCH_SIGNING_SECRET: o.secret }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    const port = await once(child, (m) => (m.ready ? Number(m.port) : undefined));
    let n = 0;
    const next = () => signedRequest(++n, o.secret);
    await load(shape, { port, rate: o.rate, seconds: 2, next });
    child.send({ cpu: "start" });
    await once(child, (m) => (m.started ? true : undefined));
    const result = await load(shape, { port, rate: o.rate, seconds: o.seconds, next });
    child.send({ cpu: "stop" });
    const cpuMicros = await once(child, (m) => (typeof m.cpuMicros === "number" ? m.cpuMicros : undefined));
    return { requests: result.requests, cpuMsPerRequest: cpuMicros / 1000 / Math.max(1, result.requests), p50: result.p50, p99: result.p99, non2xx: result.non2xx };
  } finally {
    child.send({ close: true });
    await new Promise((resolve) => {
      child.once("exit", resolve);
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
  }
}
