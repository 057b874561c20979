import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRedisKeys, deleteRedisKeys } from "../helpers/cleanup.js";
import { assertServicesPresent, databaseUrl, redisUrl, uniqueName } from "../helpers/services.js";
import { waitFor } from "../helpers/wait.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The bot runs as node itself (not under the tsx CLI, which forks a child that a SIGKILL would miss and leave running). */
const NODE_ARGS = ["--import", "tsx", "src/main.ts"];
/** The spawned bot keeps its Redis keys in a logical database of its own, under a prefix of its own. */
const REDIS_DB = 9;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Only what a process needs to run; nothing of the test's own configuration leaks in. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "LANG", "TMPDIR", "TZ"];
  const env: NodeJS.ProcessEnv = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, ...extra };
}

interface Running {
  child: ChildProcess;
  output: () => string;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(env: NodeJS.ProcessEnv, stdin?: string): Running {
  const child = spawn(process.execPath, NODE_ARGS, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let all = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    all += chunk.toString("utf8");
  });
  child.stderr!.on("data", (chunk: Buffer) => void (all += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  if (stdin !== undefined) child.stdin!.end(stdin);
  return { child, output: () => all, stdout: () => out, exited };
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

function withRedisDb(url: string, db: number): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function pgQuery(url: string, text: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe("the real process: graceful shutdown and script mode", () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const schema = uniqueName("shut");
  const childRedisUrl = redisUrl ? withRedisDb(redisUrl, REDIS_DB) : undefined;
  const redisPrefix = uniqueName("shut");

  const tmp = (): string => {
    const dir = mkdtempSync(join(tmpdir(), "rollout-proc-"));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    assertServicesPresent();
    if (databaseUrl) await pgQuery(databaseUrl, `create schema if not exists "${schema}"`);
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    if (databaseUrl) await pgQuery(databaseUrl, `drop schema if exists "${schema}" cascade`);
    if (childRedisUrl) await deleteRedisKeys(childRedisUrl, `${redisPrefix}:`);
  });

  it("serves /healthz, then exits 0 on SIGTERM, logging the shutdown but never a service URL", async () => {
    const port = await freePort();
    const env = baseEnv({
      CONSOLE: "off",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      DATA_DIR: tmp(),
      ...(databaseUrl ? { DATABASE_URL: withSearchPath(databaseUrl, schema) } : {}),
      ...(childRedisUrl ? { REDIS_URL: childRedisUrl, REDIS_PREFIX: redisPrefix } : {}),
    });
    const bot = run(env);
    children.push(bot.child);
    const early = bot.exited.then((e) => {
      throw new Error(`the bot exited before it was healthy (${e.code ?? e.signal}):\n${bot.output()}`);
    });
    const healthy = waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        return response.status === 200;
      },
      { timeoutMs: 45_000, intervalMs: 100, what: "GET /healthz to answer 200" },
    );
    await Promise.race([healthy, early]);
    early.catch(() => undefined);

    expect(bot.child.kill("SIGTERM")).toBe(true);
    const exit = await Promise.race([
      bot.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit within 25 s of SIGTERM:\n${bot.output()}`)), 25_000)),
    ]);
    expect(exit).toEqual({ code: 0, signal: null });
    const logs = bot.output();
    expect(logs).toContain("rollout-bot is up");
    expect(logs).toContain("shutting down");
    if (databaseUrl) expect(logs).not.toContain(databaseUrl);
    if (childRedisUrl) expect(logs).not.toContain(childRedisUrl);
    expect(logs).not.toMatch(/postgres(ql)?:\/\//);
    expect(logs).not.toMatch(/rediss?:\/\//);
    // It really ran on the services it was given (in a schema and a Redis database of its own).
    if (databaseUrl) {
      const tables = await pgQuery(databaseUrl, "select table_name from information_schema.tables where table_schema = $1", [schema]);
      expect(tables.length).toBeGreaterThan(0);
    }
    if (childRedisUrl) expect(await countRedisKeys(childRedisUrl, `${redisPrefix}:`)).toBeGreaterThan(0);
  }, 90_000);

  it("runs piped stdin as a script, answers each line, and exits 0 at the end", async () => {
    const bot = run(baseEnv({ DATA_DIR: tmp() }), "help\nproject show\n");
    children.push(bot.child);
    const exit = await Promise.race([
      bot.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the script did not finish:\n${bot.output()}`)), 240_000)),
    ]);
    const out = bot.stdout();
    expect(exit, bot.output()).toEqual({ code: 0, signal: null });
    const marks = ["> help", "我能做什么", "> project show", "Apollo CRM 上线"].map((mark) => out.indexOf(mark));
    expect(marks.every((at) => at >= 0), out).toBe(true);
    expect([...marks].sort((a, b) => a - b)).toEqual(marks);
    // A hang guard, not a speed target: a cold tsx start, PGlite and every migration take minutes on a busy 2-core box.
  }, 300_000);
});
