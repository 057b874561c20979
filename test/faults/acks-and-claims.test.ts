import { connect, type AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWecomCrypto } from "../../adapters/wecom/crypto.js";
import { wecomCallbackRoutes } from "../../adapters/wecom/transport.js";
import type { InboundEvent } from "../../src/core/adapter.js";
import { CLAIM_LEASE_MS, createInboundClaims, createIngest, InboundBusy, QueueUnavailable } from "../../src/core/ingest.js";
import { retryDelayMs, type JobQueue } from "../../src/core/queue.js";
import { createMetrics } from "../../src/http/metrics.js";
import { createHttpServer } from "../../src/http/server.js";
import { startTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { APP, seal, textXml } from "../adapters/wecom/wecom-test-support.js";

const silent = pino({ level: "silent" });

/** A queue whose adds never complete: Redis frozen. */
function frozenQueue(): JobQueue {
  return { driver: "bullmq", add: () => new Promise<void>(() => undefined) } as unknown as JobQueue;
}

const sampleEvent = (dedupeKey: string): InboundEvent => ({
  kind: "message",
  text: "help",
  mentionsBot: true,
  dedupeKey,
  conversation: { platform: "console", tenantId: "demo", conversationId: "dm:lina", kind: "direct" },
  actor: { platform: "console", tenantId: "demo", userId: "lina", displayName: "Li Na", isBot: false },
  receivedAt: new Date().toISOString(),
  raw: null,
});

describe("faults: acknowledging only what is queued", () => {
  it("the ingest gives up on a stalled queue within its budget with QueueUnavailable", async () => {
    const ingest = createIngest({ queue: frozenQueue(), budgetMs: 200 });
    await expect(ingest(sampleEvent("frozen"))).rejects.toBeInstanceOf(QueueUnavailable);
  });

  it("WeCom gets a 500 (so that it retries), not an empty 200, when the event was not queued", async () => {
    const crypto = createWecomCrypto({ token: APP.token, encodingAesKey: APP.encodingAesKey, receiveId: APP.corpId });
    const sink = createIngest({ queue: frozenQueue(), budgetMs: 200 });
    const [, postRoute] = wecomCallbackRoutes({ crypto, corpId: APP.corpId, agentId: APP.agentId, sink: () => sink, logger: silent, now: Date.now });
    const sealed = seal(textXml({ from: "ChenJiaShun", content: "whoami", msgId: "frozen-1" }));
    const answer = await postRoute!.handle({ headers: {}, rawHeaders: [], query: sealed.query, body: Buffer.from(sealed.body) });
    expect(answer.status).toBe(500);
  });
});

describe("faults: a slow client cannot hold a connection open", () => {
  let app: Awaited<ReturnType<typeof createHttpServer>>;
  beforeAll(async () => {
    const route = { method: "POST" as const, path: "/slow", handle: async () => ({ status: 200 }) };
    app = await createHttpServer({ logger: silent, metrics: createMetrics(async () => 0), readiness: [], directRoutes: [route] });
    await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app.close();
  });

  it("headers and part of a body, then silence: the server answers 408 or hangs up within the 10 s request timeout", async () => {
    const { port } = app.server.address() as AddressInfo;
    const socket = connect(port, "127.0.0.1");
    const startedAt = Date.now();
    socket.write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"partial\":");
    let answered = "";
    socket.on("data", (chunk: Buffer) => void (answered += chunk.toString("utf8")));
    await new Promise<void>((resolve) => socket.on("close", () => resolve()).on("error", () => resolve()));
    const heldMs = Date.now() - startedAt;
    // Before the timeouts were set, such a connection stayed open for more than 130 s.
    expect(heldMs).toBeLessThan(30_000);
    expect(answered === "" || answered.startsWith("HTTP/1.1 408")).toBe(true);
  }, 60_000);
});

describe("faults: an event's key is done only once it ran", () => {
  let env: TestRuntime;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("fresh, then busy while a run holds it, fresh again after a failed run released it, duplicate once done", async () => {
    const claims = createInboundClaims(env.runtime.database.db);
    const event = sampleEvent("claim-states");
    expect(await claims.claim(event)).toBe("fresh");
    const busy = await claims.claim(event).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(InboundBusy);
    // The retry comes when the holder's lease lapses: not after a doubling backoff that may overshoot it by minutes.
    const policy = { attempts: 42, firstDelayMs: 2000, maxDelayMs: 10 * 60 * 1000 };
    const wait = retryDelayMs(policy, 7, busy);
    expect(wait).toBeGreaterThan(CLAIM_LEASE_MS - 10_000);
    expect(wait).toBeLessThanOrEqual(CLAIM_LEASE_MS + 1000);
    expect(retryDelayMs(policy, 7, new Error("connection refused"))).toBe(128_000);
    await claims.release(event);
    expect(await claims.claim(event)).toBe("fresh");
    await claims.done(event);
    expect(await claims.claim(event)).toBe("duplicate");
  });

  it("a run that died holding its key (lease lapsed) is taken over by the retry", async () => {
    const claims = createInboundClaims(env.runtime.database.db);
    const event = sampleEvent("claim-lapsed");
    expect(await claims.claim(event)).toBe("fresh");
    await env.runtime.database.db.updateTable("inbound_keys").set({ lease_until: new Date(Date.now() - 1000) }).where("key", "like", "%claim-lapsed").execute();
    expect(await claims.claim(event)).toBe("fresh");
  });
});
