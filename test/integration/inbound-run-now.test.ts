import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBullmqQueue } from "../../jobs/bullmq.js";
import { createInlineQueue } from "../../jobs/inline.js";
import type { InboundEvent } from "../../src/core/adapter.js";
import { createInboundRunNow } from "../../src/core/inbound-run-now.js";
import { createIngest, InboundBusy } from "../../src/core/ingest.js";
import type { JobQueue, Processors } from "../../src/core/queue.js";
import { deleteRedisKeys } from "../helpers/cleanup.js";
import { assertServicesPresent, redisUrl, requireServices, uniqueName } from "../helpers/services.js";
import { sleep, waitFor } from "../helpers/wait.js";

const eventNo = (n: number): InboundEvent => ({
  kind: "message",
  text: "help",
  mentionsBot: true,
  dedupeKey: `run-now-${n}`,
  conversation: { platform: "console", tenantId: "demo", conversationId: "dm:lina", kind: "direct" },
  actor: { platform: "console", tenantId: "demo", userId: "lina", displayName: "Li Na", isBot: false },
  receivedAt: "2026-05-04T01:00:00.000Z",
  raw: null,
});

/** A gate a run waits at until the test opens it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/**
 * The fast path of acknowledged events over a real queue: the ingest, the run-now slots, and a worker that records
 * what it runs — so each test sees whether an event ran here, as a job, or both.
 */
function runNowContract(make: () => JobQueue, label: string) {
  const open: JobQueue[] = [];
  afterAll(async () => {
    for (const q of open) await q.close();
  });

  const setUp = async (runHere: (event: InboundEvent) => Promise<void>, slots?: number, backupDelayMs = 60_000) => {
    const queue = make();
    open.push(queue);
    const asJobs: string[] = [];
    const here: string[] = [];
    const errors: unknown[] = [];
    const outcomes: string[] = [];
    const processors: Processors = {
      inbound: async (payload) => void asJobs.push(payload.event.dedupeKey),
      deliver: async () => undefined,
      tick: async () => undefined,
      schedule: async () => undefined,
      feature: async () => undefined,
    };
    await queue.start(processors, 0);
    const runNow = createInboundRunNow({
      queue,
      run: async (payload) => {
        here.push(payload.event.dedupeKey);
        await runHere(payload.event);
      },
      onError: (error) => void errors.push(error),
      onQueueError: (error) => void errors.push(error),
      onOutcome: (outcome) => void outcomes.push(outcome),
      backupDelayMs,
      ...(slots !== undefined ? { slots } : {}),
    });
    return { queue, runNow, sink: createIngest({ queue, runNow }), asJobs, here, errors, outcomes };
  };

  it(`${label}: runs the event here once it is queued and removes the queued copy, which no worker runs`, async () => {
    const t = await setUp(async () => undefined);
    await t.sink(eventNo(1));
    await t.runNow.idle();
    await t.queue.drain();
    expect(t.here).toEqual(["run-now-1"]);
    expect(await t.queue.depth()).toBe(0);
    await sleep(200);
    expect(t.asJobs).toEqual([]);
    expect(t.errors).toEqual([]);
    expect(t.outcomes).toEqual(["done"]);
  });

  it(`${label}: a run here that fails makes its queued copy due now, and a worker runs it`, async () => {
    const t = await setUp(async () => Promise.reject(new Error("database away")));
    await t.sink(eventNo(2));
    // Far sooner than the copy's 60 s delay.
    await waitFor(() => t.asJobs.length === 1, { what: "the queued copy to run", timeoutMs: 10_000 });
    expect(t.asJobs).toEqual(["run-now-2"]);
    expect(t.errors.map((e) => (e as Error).message)).toEqual(["database away"]);
    expect(t.outcomes).toEqual(["failed"]);
  });

  it(`${label}: a run that finds the key held by another run leaves the copy delayed, to run after it`, async () => {
    const t = await setUp(async () => Promise.reject(new InboundBusy("held", 1000)));
    await t.sink(eventNo(3));
    await t.runNow.idle();
    await t.queue.drain();
    await sleep(200);
    expect(t.asJobs).toEqual([]);
    expect(await t.queue.depth()).toBe(1);
    expect(t.errors).toEqual([]);
    expect(t.outcomes).toEqual(["held"]);
  });

  it(`${label}: a run that never gets through here (its process died) leaves the copy, which a worker runs once due`, async () => {
    const never = gate();
    const t = await setUp(() => never.opened, undefined, 400);
    const sunkAt = Date.now();
    await t.sink(eventNo(7));
    await sleep(100);
    expect(t.asJobs).toEqual([]);
    await waitFor(() => t.asJobs.length === 1, { what: "the copy to run once due", timeoutMs: 10_000 });
    expect(Date.now() - sunkAt).toBeGreaterThanOrEqual(400);
    expect(t.asJobs).toEqual(["run-now-7"]);
    never.open();
  });

  it(`${label}: with every slot taken the next event runs as a job at once; close() waits for the run here`, async () => {
    const first = gate();
    const t = await setUp(() => first.opened, 1);
    await t.sink(eventNo(4));
    await t.sink(eventNo(5));
    await waitFor(() => t.asJobs.length === 1, { what: "the second event to run as a job" });
    expect(t.asJobs).toEqual(["run-now-5"]);
    expect(t.here).toEqual(["run-now-4"]);
    let closed = false;
    const closing = t.runNow.close().then(() => void (closed = true));
    await sleep(100);
    expect(closed).toBe(false);
    // Once closing, an event is queued to run as a job.
    await t.sink(eventNo(6));
    await waitFor(() => t.asJobs.length === 2, { what: "the event sunk while closing to run as a job" });
    first.open();
    await closing;
    await t.queue.drain();
    expect(t.here).toEqual(["run-now-4"]);
    expect(t.asJobs).toEqual(["run-now-5", "run-now-6"]);
    expect(await t.queue.depth()).toBe(0);
  });
}

describe("inbound run-now · inline queue", () => {
  runNowContract(() => createInlineQueue({ onError: () => undefined }), "inline");
});

describe.skipIf(!redisUrl && !requireServices)("inbound run-now · BullMQ", () => {
  const root = uniqueName("runnow");
  let n = 0;
  beforeAll(() => {
    assertServicesPresent();
  });
  afterAll(async () => {
    await deleteRedisKeys(redisUrl!, `${root}-`);
  });
  runNowContract(() => createBullmqQueue({ url: redisUrl ?? "redis://127.0.0.1:1", prefix: `${root}-${++n}`, onError: () => undefined }), "bullmq");
});
