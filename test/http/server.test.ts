import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/core/adapter.js";
import { createMetrics } from "../../src/http/metrics.js";
import { BODY_LIMIT_BYTES, createHttpServer, type ReadinessCheck } from "../../src/http/server.js";
import { createLogger } from "../../src/logger.js";
import { redisUrl } from "../helpers/services.js";
import { startTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";

describe("the runtime's HTTP server (startHttp on an ephemeral port)", () => {
  let env: TestRuntime;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    env = await startTestRuntime({ console: true, env: { PORT: "0", HOST: "127.0.0.1" } });
    app = await env.runtime.startHttp();
    const address = app.server.address() as AddressInfo;
    expect(address.port).toBeGreaterThan(0);
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await env?.close();
  });

  it("/healthz answers 200", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("/readyz answers 200 with every check ok", async () => {
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, string> };
    expect(body).toMatchObject({ status: "ready", checks: { database: "ok" } });
    expect(Object.keys(body.checks).sort()).toEqual(redisUrl ? ["database", "redis"] : ["database"]);
    // Jobs that used up their retries are shown, without making the replica unready.
    expect(body).toMatchObject({ details: { failed_jobs: expect.any(Object) } });
  });

  it("/metrics counts jobs kept as failed, per queue", async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain("# TYPE rollout_jobs_failed gauge");
  });

  it("/metrics exposes commands, deliveries and queue depth once a command has run through the dispatcher", async () => {
    const { runtime } = env;
    const event: InboundEvent = {
      kind: "message",
      text: "help",
      mentionsBot: true,
      dedupeKey: `metrics-${Date.now()}`,
      conversation: { platform: "console", tenantId: "demo", conversationId: "dm:lina", kind: "direct" },
      actor: { platform: "console", tenantId: "demo", userId: "lina", displayName: "Li Na", isBot: false },
      receivedAt: new Date().toISOString(),
      raw: null,
    };
    const before = runtime.console!.sent.length;
    await runtime.console!.sink()(event);
    await runtime.settle();
    // The full help may come in several parts.
    expect(runtime.console!.sent.length).toBeGreaterThan(before);

    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain("# TYPE rollout_commands_total counter");
    expect(text).toMatch(/^rollout_commands_total\{command="help",outcome="ok"\} 1$/m);
    expect(text).toContain("# TYPE rollout_deliveries_total counter");
    expect(text).toMatch(/^rollout_deliveries_total\{platform="console",status="sent"\} [1-9]\d*$/m);
    expect(text).toMatch(/^rollout_inbound_events_total\{platform="console",result="accepted"\} [1-9]\d*$/m);
    // With Redis the event ran in the process that took it (inbound-run-now.ts); in-process jobs have no such path.
    expect(text).toContain("# TYPE rollout_inbound_run_here_total counter");
    if (runtime.queue.driver === "bullmq") expect(text).toMatch(/^rollout_inbound_run_here_total\{outcome="done"\} 1$/m);
    expect(text).toContain("# TYPE rollout_queue_depth gauge");
    expect(text).toMatch(/^rollout_queue_depth \d+$/m);
  });
});

describe("createHttpServer: readiness failures and the body limit", () => {
  const servers: FastifyInstance[] = [];
  const server = async (readiness: ReadinessCheck[]): Promise<FastifyInstance> => {
    const app = await createHttpServer({
      logger: createLogger("silent"),
      metrics: createMetrics(async () => 0),
      readiness,
      mounts: [
        (instance) => {
          instance.post("/test/echo", async (request) => ({ bytes: JSON.stringify(request.body).length }));
        },
      ],
    });
    servers.push(app);
    return app;
  };

  afterAll(async () => {
    for (const app of servers) await app.close();
  });

  it("/readyz answers 503 and names the check that failed", async () => {
    const app = await server([
      { name: "database", check: async () => undefined },
      {
        name: "redis",
        check: async () => {
          throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
        },
      },
    ]);
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "not_ready", checks: { database: "ok", redis: "connect ECONNREFUSED 127.0.0.1:6379" } });
  });

  it("/readyz answers 503 with a timeout when a check hangs", async () => {
    const app = await server([{ name: "database", check: () => new Promise<void>(() => undefined) }]);
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "not_ready", checks: { database: "timeout" } });
  });

  it("refuses a body over 1 MiB on a mounted route with 413, and takes one just under it", async () => {
    const app = await server([]);
    const fits = JSON.stringify({ data: "x".repeat(BODY_LIMIT_BYTES - 100) });
    expect(Buffer.byteLength(fits)).toBeLessThanOrEqual(1024 * 1024);
    const ok = await app.inject({ method: "POST", url: "/test/echo", headers: { "content-type": "application/json" }, payload: fits });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ bytes: fits.length });

    const tooBig = JSON.stringify({ data: "x".repeat(1024 * 1024) });
    expect(Buffer.byteLength(tooBig)).toBeGreaterThan(1024 * 1024);
    const refused = await app.inject({ method: "POST", url: "/test/echo", headers: { "content-type": "application/json" }, payload: tooBig });
    expect(refused.statusCode).toBe(413);
  });
});
