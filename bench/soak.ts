import { execFileSync, fork } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { signSlackRequest } from "../adapters/slack/crypto.js";
import { startFakeSlackApi } from "../test/helpers/fake-slack-api.js";
import { steadyLoad, type LoadRequest } from "./steady-load.js";
import { once } from "./child-messages.js";
import { benchRedisPrefix, benchSchemaName } from "./run-names.js";

/**
 * Issue #14 item 10: a whole bot under a steady mixed load (slash commands and DM messages from 200 people: help,
 * whoami, task list, standup, unknown words) at BENCH_SOAK_RATE requests a second (default 20) for
 * BENCH_SOAK_MINUTES (default 30), with Postgres and BullMQ when DATABASE_URL and REDIS_URL are set. The replica's
 * RSS is sampled every minute after a full GC; the baseline is the mean of the first five samples after a 2-minute
 * warm-up in the same run. Targets: the mean of the last five samples under 10 % above it, and RSS under 256 MB
 * throughout. The server runs compiled, as the Docker image runs the bot.
 */
export async function benchSoak(): Promise<Record<string, number | string>> {
  const minutes = Number(process.env.BENCH_SOAK_MINUTES ?? 30);
  const rate = Number(process.env.BENCH_SOAK_RATE ?? 20);
  const secret = "soak-secret";
  const fake = await startFakeSlackApi({ teamId: "T0SOAK" });
  const underTsx = process.env.BENCH_SOAK_TSX === "1";
  const script = underTsx ? fileURLToPath(new URL("./soak-server.ts", import.meta.url)) : compiledServer();
  const child = fork(script, [], {
    execArgv: underTsx ? ["--import", "tsx", "--expose-gc"] : [...productionNodeFlags(), "--expose-gc"],
    env: { ...process.env, SLACK_API_URL: fake.url, BENCH_SIGNING_SECRET: secret, BENCH_SCHEMA: benchSchemaName("soak"), BENCH_REDIS_PREFIX: benchRedisPrefix("soak") },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const port = await once(child, (m) => (m.ready ? Number(m.port) : undefined));
    let n = 0;
    const next = () => mixedRequest(++n, secret);
    const heapSamples: string[] = [];
    const rssMb = async () => {
      const usage = await once(child, (m) => (typeof m.rss === "number" ? (m as { rss: number; heapUsed: number; heapTotal: number; external: number }) : undefined), { rss: true });
      heapSamples.push(`${round(usage.heapUsed / 2 ** 20)}/${round(usage.heapTotal / 2 ** 20)}+${round(usage.external / 2 ** 20)}`);
      return usage.rss / 1024 / 1024;
    };
    const startRss = await rssMb();
    await steadyLoad({ port, rate, seconds: 120, connections: 20, next });
    const warmRss = await rssMb();
    const samples: number[] = [warmRss];
    let non2xx = 0;
    let requests = 0;
    for (let minute = 0; minute < minutes; minute++) {
      const result = await steadyLoad({ port, rate, seconds: 60, connections: 20, next });
      requests += result.requests;
      non2xx += result.non2xx + result.errors;
      samples.push(await rssMb());
    }
    const endRss = samples[samples.length - 1]!;
    const maxRss = Math.max(...samples);
    // Growth: the last five minutes against the first five after the warm-up (each sample after a full GC), so one
    // sample caught mid-allocation decides nothing either way.
    const window = Math.min(5, Math.max(1, Math.floor(samples.length / 3)));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const early = mean(samples.slice(0, window));
    const late = mean(samples.slice(-window));
    const growth = (late - early) / early;
    return {
      bench: "soak",
      queue: process.env.REDIS_URL ? "bullmq" : "inline",
      database: process.env.DATABASE_URL ? "postgres" : "pglite",
      server: underTsx ? "tsx (npm start)" : `compiled (npm run start:prod, the image: ${productionNodeFlags().join(" ")})`,
      "rate req/s": rate,
      minutes,
      requests,
      "non-2xx": non2xx,
      "rss at start MB": round(startRss),
      "rss after warm-up MB (baseline)": round(warmRss),
      "rss at end MB": round(endRss),
      "rss max MB (start included)": round(Math.max(maxRss, startRss)),
      "rss per minute MB": samples.map((s) => round(s)).join(" "),
      "heap used/total+external per sample MB": heapSamples.join(" "),
      [`rss mean of the first ${window} samples MB (baseline)`]: round(early),
      [`rss mean of the last ${window} samples MB`]: round(late),
      "ratio late / early": round(late / early, 3),
      "meets growth < 10 %": growth < 0.1 ? "yes" : "no",
      "meets rss < 256 MB": Math.max(maxRss, startRss) < 256 ? "yes" : "no",
    };
  } finally {
    child.send({ close: true });
    await new Promise((resolve) => {
      child.once("exit", resolve);
      setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
    });
    await fake.close();
  }
}

/**
 * The server compiled as the image runs it (tsc, not tsx transpiling at start, which costs about 80 MB of RSS):
 * only soak-server.ts and what it imports, into bench/.tmp-soak (git-ignored). BENCH_SOAK_TSX=1 runs it under tsx.
 */
function compiledServer(): string {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const config = fileURLToPath(new URL("./.tmp-soak-tsconfig.json", import.meta.url));
  writeFileSync(config, JSON.stringify({ extends: "../tsconfig.json", compilerOptions: { outDir: ".tmp-soak", rootDir: "..", noEmit: false }, include: ["soak-server.ts", "../src/**/*.d.ts", "../adapters/**/*.d.ts"] }));
  try {
    execFileSync(process.execPath, [fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)), "-p", config], { cwd: root, stdio: "inherit" });
  } finally {
    rmSync(config, { force: true });
  }
  return fileURLToPath(new URL("./.tmp-soak/bench/soak-server.js", import.meta.url));
}

/** The node flags `npm run start:prod` (and the Dockerfile's CMD, kept equal by test/deploy-files.test.ts) run with. */
function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { scripts: Record<string, string> };
  return pkg.scripts["start:prod"]!.split(/\s+/).filter((word) => word.startsWith("--"));
}

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

const LINES = ["help", "whoami", "task list", "standup status", "member list", "blah blah", "帮助", "raci matrix"];

/** Slash commands and DM messages from 200 people, each with a fresh id (no request is a duplicate). */
export function mixedRequest(n: number, secret: string): LoadRequest {
  const user = `U0SOAK${n % 200}`;
  const line = LINES[n % LINES.length]!;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const sign = (body: string) => signSlackRequest({ signingSecret: secret, timestamp, rawBody: body });
  if (n % 2 === 0) {
    const body = new URLSearchParams({ team_id: "T0SOAK", channel_id: `D0SOAK${n % 200}`, user_id: user, user_name: user, command: "/rollout", text: line, trigger_id: `soak.${process.pid}.${n}`, response_url: "" }).toString();
    return { path: "/slack/events", body, headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": timestamp, "x-slack-signature": sign(body) } };
  }
  const ts = `${timestamp}.${String(n).padStart(6, "0")}`;
  const body = JSON.stringify({
    team_id: "T0SOAK",
    api_app_id: "A0SOAK",
    type: "event_callback",
    event_id: `EvSOAK${process.pid}x${n}`,
    event_time: Number(timestamp),
    event: { type: "message", channel: `D0SOAK${n % 200}`, channel_type: "im", user, text: line, ts, event_ts: ts },
  });
  return { path: "/slack/events", body, headers: { "content-type": "application/json", "x-slack-request-timestamp": timestamp, "x-slack-signature": sign(body) } };
}
