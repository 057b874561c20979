import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "./wait.js";

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const asPostgres = (command: string, args: string[]): string => {
  // initdb and pg_ctl refuse to run as root.
  const runAs = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] as const : [command, args] as const;
  return execFileSync(runAs[0], [...runAs[1]], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
};

/**
 * A Postgres cluster of the test's own (a temporary directory, another port), so that a test may stop and start it
 * without touching the shared one. Needs initdb and pg_ctl on the PATH.
 */
export interface ThrowawayPostgres {
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "rb-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const running = (): boolean => {
    try {
      asPostgres("pg_ctl", ["-D", data, "status"]);
      return true;
    } catch {
      return false;
    }
  };
  const start = (): void => {
    if (!running()) asPostgres("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
  };
  const stop = (): void => {
    if (running()) asPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]);
  };
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy() {
      stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Redis of the test's own, which it may freeze (SIGSTOP) and thaw (SIGCONT). */
export interface ThrowawayRedis {
  url: string;
  freeze(): void;
  thaw(): void;
  destroy(): Promise<void>;
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  await waitFor(
    async () => {
      try {
        return execFileSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() === "PONG";
      } catch {
        return false;
      }
    },
    { what: "the throwaway Redis to answer" },
  );
  return {
    url: `redis://127.0.0.1:${port}`,
    freeze: () => void child.kill("SIGSTOP"),
    thaw: () => void child.kill("SIGCONT"),
    async destroy() {
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve)));
    },
  };
}
