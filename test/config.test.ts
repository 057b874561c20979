import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configSchema, readConfig, type Config } from "../src/config.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

const BAD = {
  PORT: "abc",
  DEFAULT_LOCALE: "fr",
  DEFAULT_TIMEZONE: "Mars/Base",
  DATABASE_URL: "mysql://x",
  REDIS_URL: "http://x",
} as const;
const BAD_NAMES = Object.keys(BAD);

function config(env: Record<string, string | undefined>): Config {
  const result = readConfig(env);
  if (!result.ok) throw new Error(`expected a valid config, got: ${result.problems.join("; ")}`);
  return result.config;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("readConfig", () => {
  it("fills the defaults from an empty environment", () => {
    const c = config({});
    expect(c.PORT).toBe(3000);
    expect(c.DATA_DIR).toBe("./data");
    expect(c.DEFAULT_LOCALE).toBe("zh-CN");
    expect(c.DEFAULT_TIMEZONE).toBe("Asia/Shanghai");
    expect(c.CONSOLE).toBe("auto");
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.DEMO_SEED).toBe(true);
  });

  it("reads valid values", () => {
    const c = config({
      PORT: "8080",
      DEFAULT_LOCALE: "en",
      DEFAULT_TIMEZONE: "Europe/Berlin",
      DATABASE_URL: "postgres://bot@db:5432/rollout",
      REDIS_URL: "rediss://cache:6380",
      CONSOLE: "off",
      DEMO_SEED: "false",
    });
    expect(c).toMatchObject({
      PORT: 8080,
      DEFAULT_LOCALE: "en",
      DEFAULT_TIMEZONE: "Europe/Berlin",
      DATABASE_URL: "postgres://bot@db:5432/rollout",
      REDIS_URL: "rediss://cache:6380",
      CONSOLE: "off",
      DEMO_SEED: false,
    });
  });

  it("treats an empty DATABASE_URL or REDIS_URL as unset", () => {
    const c = config({ DATABASE_URL: "", REDIS_URL: "  " });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
  });

  it("names every bad variable at once", () => {
    const result = readConfig({ ...BAD });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(BAD_NAMES.length);
    for (const name of BAD_NAMES) expect(result.problems.some((p) => p.startsWith(`${name}: `)), name).toBe(true);
    expect(result.problems.find((p) => p.startsWith("DATABASE_URL"))).toContain("postgres://");
    expect(result.problems.find((p) => p.startsWith("REDIS_URL"))).toContain("redis://");
    expect(result.problems.find((p) => p.startsWith("DEFAULT_TIMEZONE"))).toContain("Asia/Shanghai");
  });

  it("rejects out-of-range numbers and unknown enum values", () => {
    const result = readConfig({ PORT: "70000", CONSOLE: "maybe", DELIVERY_MAX_ATTEMPTS: "0" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.split(":")[0]).sort()).toEqual(["CONSOLE", "DELIVERY_MAX_ATTEMPTS", "PORT"]);
  });
});

describe("starting with a bad configuration", () => {
  it("exits 1 naming every offending variable, without a stack trace", async () => {
    const { code, stderr } = await run(join(ROOT, "node_modules/.bin/tsx"), ["src/main.ts"], { ...process.env, ...BAD });
    expect(code).toBe(1);
    for (const name of BAD_NAMES) expect(stderr, name).toContain(name);
    expect(stderr).not.toMatch(/^ {4}at /m);
  });
});

describe(".env.example", () => {
  it("documents every variable the config schema reads", () => {
    const path = join(ROOT, ".env.example");
    expect(existsSync(path), ".env.example is missing at the repo root").toBe(true);
    const documented = new Set([...readFileSync(path, "utf8").matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const missing = Object.keys(configSchema.shape).filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });
});
