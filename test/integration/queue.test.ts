import { Queue, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBulkAdder } from "../../jobs/bulk-adder.js";
import { createBullmqQueue } from "../../jobs/bullmq.js";
import { createInlineQueue } from "../../jobs/inline.js";
import type { InboundEvent } from "../../src/core/adapter.js";
import type { JobName, JobQueue, Processors } from "../../src/core/queue.js";
import { deleteRedisKeys } from "../helpers/cleanup.js";
import { assertServicesPresent, redisUrl, requireServices, uniqueName } from "../helpers/services.js";
import { sleep, waitFor } from "../helpers/wait.js";

interface Ran {
  name: JobName;
  payload: unknown;
  startedAt: number;
  finishedAt?: number;
}

/** Processors that record every run; a deliver job with deliveryId "slow-N" takes N ms. */
function recordingProcessors() {
  const runs: Ran[] = [];
  const record = async (name: JobName, payload: unknown, ms = 0): Promise<void> => {
    const ran: Ran = { name, payload, startedAt: Date.now() };
    runs.push(ran);
    if (ms > 0) await sleep(ms);
    ran.finishedAt = Date.now();
  };
  const processors: Processors = {
    inbound: (payload) => record("inbound", payload),
    deliver: (payload) => record("deliver", payload, Number(/^9(\d+)$/.exec(payload.deliveryId)?.[1] ?? 0)),
    tick: (payload) => record("tick", payload),
    schedule: (payload) => record("schedule", payload),
    feature: (payload) => record("feature", payload),
  };
  const of = (name: JobName, deliveryId?: string) =>
    runs.filter((r) => r.name === name && (deliveryId === undefined || (r.payload as { deliveryId?: string }).deliveryId === deliveryId));
  return { runs, processors, of };
}

const sampleEvent: InboundEvent = {
  kind: "message",
  text: "help",
  mentionsBot: true,
  dedupeKey: "queue-sample",
  conversation: { platform: "console", tenantId: "demo", conversationId: "dm:lina", kind: "direct" },
  actor: { platform: "console", tenantId: "demo", userId: "lina", displayName: "Li Na", isBot: false },
  receivedAt: "2026-05-04T01:00:00.000Z",
  raw: null,
};

/** A deliver id that makes the recording processor take `ms` milliseconds ("9" + ms). */
const slow = (ms: number) => `9${ms}`;

/** The queue port's contract, for one driver; `make()` gives a fresh, unstarted queue. */
function queueContract(make: () => JobQueue, label: string) {
  const open: JobQueue[] = [];
  const fresh = (): JobQueue => {
    const queue = make();
    open.push(queue);
    return queue;
  };

  afterAll(async () => {
    for (const q of open) await q.close();
  });

  it(`${label}: runs the processor for each job name with its payload`, async () => {
    const queue = fresh();
    const rec = recordingProcessors();
    await queue.start(rec.processors, 0);
    await queue.add("deliver", { deliveryId: "101" });
    await queue.add("tick", { at: "2026-05-04T09:00:00.000+08:00" });
    await waitFor(() => rec.of("deliver").length === 1 && rec.of("tick").length === 1, { what: "both jobs to run" });
    expect(rec.of("deliver")[0]?.payload).toEqual({ deliveryId: "101" });
    expect(rec.of("tick")[0]?.payload).toEqual({ at: "2026-05-04T09:00:00.000+08:00" });
  });

  it(`${label}: runs jobs added before start once the workers start`, async () => {
    const queue = fresh();
    const rec = recordingProcessors();
    await queue.add("deliver", { deliveryId: "102" }, { jobId: "early-102" });
    await sleep(50);
    expect(rec.runs).toHaveLength(0);
    await queue.start(rec.processors, 0);
    await waitFor(() => rec.of("deliver", "102").length === 1, { what: "the early job to run" });
  });

  it(`${label}: runs a job id added twice while it waits only once`, async () => {
    const queue = fresh();
    const rec = recordingProcessors();
    await queue.start(rec.processors, 0);
    await Promise.all([
      queue.add("deliver", { deliveryId: "201" }, { jobId: "same-201" }),
      queue.add("deliver", { deliveryId: "201" }, { jobId: "same-201" }),
    ]);
    await queue.add("deliver", { deliveryId: "202" }, { jobId: "same-202", delayMs: 400 });
    await queue.add("deliver", { deliveryId: "202" }, { jobId: "same-202", delayMs: 400 });
    // A different id is a different job.
    await queue.add("deliver", { deliveryId: "201" }, { jobId: "other-201" });
    await waitFor(() => rec.of("deliver", "202").length >= 1 && rec.of("deliver", "201").length >= 2, { what: "the jobs to run" });
    await sleep(300);
    await queue.drain();
    expect(rec.of("deliver", "201")).toHaveLength(2);
    expect(rec.of("deliver", "202")).toHaveLength(1);
  });

  it(`${label}: delayMs delays the job and depth() counts it while it waits`, async () => {
    const queue = fresh();
    const rec = recordingProcessors();
    await queue.start(rec.processors, 0);
    const addedAt = Date.now();
    await queue.add("deliver", { deliveryId: "301" }, { jobId: "later-301", delayMs: 1500 });
    await queue.drain();
    expect(rec.of("deliver", "301")).toHaveLength(0);
    expect(await queue.depth()).toBe(1);
    const ran = await waitFor(() => rec.of("deliver", "301")[0], { what: "the delayed job" });
    expect(ran.startedAt - addedAt).toBeGreaterThanOrEqual(1500);
    await queue.drain();
    expect(await queue.depth()).toBe(0);
  });

  it(`${label}: cancel() removes a delayed job, promote() makes one due now; neither touches another id`, async () => {
    const queue = fresh();
    const rec = recordingProcessors();
    await queue.start(rec.processors, 0);
    await queue.add("deliver", { deliveryId: "311" }, { jobId: "backup-311", delayMs: 60_000 });
    await queue.add("deliver", { deliveryId: "312" }, { jobId: "backup-312", delayMs: 60_000 });
    await queue.add("deliver", { deliveryId: "313" }, { jobId: "backup-313", delayMs: 60_000 });
    await queue.cancel("deliver", "backup-311");
    await queue.promote("deliver", "backup-312");
    await waitFor(() => rec.of("deliver", "312").length === 1, { what: "the promoted job to run" });
    await queue.drain();
    expect(rec.of("deliver", "311")).toHaveLength(0);
    expect(rec.of("deliver", "313")).toHaveLength(0);
    expect(await queue.depth()).toBe(1);
    // Cancelling or promoting what is gone, or promoting what already ran, is nothing.
    await queue.cancel("deliver", "backup-311");
    await queue.promote("deliver", "backup-311");
    await queue.promote("deliver", "backup-312");
    expect(await queue.depth()).toBe(1);
    // The freed id can be used again.
    await queue.add("deliver", { deliveryId: "311" }, { jobId: "backup-311" });
    await waitFor(() => rec.of("deliver", "311").length === 1, { what: "the re-added job to run" });
  });

  it(`${label}: drain() resolves once every job that is due has run`, async () => {
    const queue = fresh();
    const rec = recordingProcessors();
    await queue.start(rec.processors, 0);
    for (let i = 0; i < 6; i++) await queue.add("deliver", { deliveryId: slow(150 + i) });
    await queue.drain();
    const runs = rec.of("deliver");
    expect(runs).toHaveLength(6);
    expect(runs.every((r) => r.finishedAt !== undefined)).toBe(true);
    await queue.drain();
  });

  it(`${label}: close() lets a running job finish and takes no new ones`, async () => {
    const queue = fresh();
    const rec = recordingProcessors();
    await queue.start(rec.processors, 0);
    await queue.add("deliver", { deliveryId: slow(600) });
    const running = await waitFor(() => rec.of("deliver")[0], { what: "the slow job to start" });
    await queue.close();
    expect(running.finishedAt).toBeDefined();
    await queue.add("deliver", { deliveryId: "401" }).catch(() => undefined);
    await sleep(200);
    expect(rec.of("deliver", "401")).toHaveLength(0);
  });
}

const QUICK = { inbound: { attempts: 3, firstDelayMs: 50, maxDelayMs: 100 } };

/** Issue #14 item 1: a job with a retry policy runs again after a failure, is kept once its retries are used up, and replays. */
function retryContract(make: () => JobQueue, label: string) {
  it(`${label}: an inbound job that throws is retried with backoff; one that never succeeds is kept as failed and replays`, async () => {
    const queue = make();
    let failUntil = 2;
    const runs: string[] = [];
    const processors: Processors = {
      ...recordingProcessors().processors,
      inbound: async (payload) => {
        const key = payload.event.dedupeKey;
        runs.push(key);
        if (key === "flaky" && runs.filter((k) => k === key).length <= failUntil) throw new Error("ECONNREFUSED database");
        if (key === "doomed" && failUntil > 0) throw new Error("connect ECONNREFUSED 127.0.0.1:5432 \"secret text\"");
      },
    };
    try {
      await queue.start(processors, 0);
      await queue.add("inbound", { event: { ...sampleEvent, dedupeKey: "flaky" } }, { jobId: "flaky", retry: "inbound" });
      await queue.add("inbound", { event: { ...sampleEvent, dedupeKey: "doomed" } }, { jobId: "doomed", retry: "inbound" });
      await waitFor(() => runs.filter((k) => k === "flaky").length === 3, { what: "the flaky job's third run" });
      const failed = await waitFor(async () => {
        const list = await queue.failed("inbound");
        return list.length === 1 && list;
      }, { what: "the doomed job to be kept as failed" });
      expect(failed[0]).toMatchObject({ id: "doomed", name: "inbound", attempts: 3 });
      expect(failed[0]?.reason).toContain("ECONNREFUSED");
      expect(failed[0]?.reason).not.toContain("secret text");
      expect(runs.filter((k) => k === "doomed")).toHaveLength(3);
      expect((await queue.failedCounts()).inbound).toBe(1);

      failUntil = 0;
      expect(await queue.replayFailed("inbound", "doomed")).toBe(1);
      await waitFor(() => runs.filter((k) => k === "doomed").length === 4, { what: "the replayed run" });
      await waitFor(async () => (await queue.failed("inbound")).length === 0, { what: "the failed list to empty" });
      expect(runs.filter((k) => k === "flaky")).toHaveLength(3);
    } finally {
      await queue.close();
    }
  });
}

describe("job queue · inline driver", () => {
  retryContract(() => createInlineQueue({ onError: () => undefined, retryPolicies: QUICK }), "inline");
  queueContract(() => createInlineQueue({ onError: () => undefined }), "inline");

  it("inline: reports a processor's failure and keeps working", async () => {
    const errors: { name: JobName; error: unknown }[] = [];
    const queue = createInlineQueue({ onError: (name, error) => void errors.push({ name, error }) });
    const rec = recordingProcessors();
    try {
      await queue.start({ ...rec.processors, inbound: async () => Promise.reject(new Error("boom")) }, 0);
      await queue.add("inbound", { event: sampleEvent });
      await queue.add("deliver", { deliveryId: "501" });
      await queue.drain();
      expect(errors.map((e) => [e.name, (e.error as Error).message])).toEqual([["inbound", "boom"]]);
      expect(rec.of("deliver", "501")).toHaveLength(1);
    } finally {
      await queue.close();
    }
  });
});

describe.skipIf(!redisUrl && !requireServices)("job queue · BullMQ driver", () => {
  const root = uniqueName("rq");
  let n = 0;
  const errors: { name: JobName; error: unknown }[] = [];
  const make = (prefix = `${root}-${++n}`): JobQueue => createBullmqQueue({ url: redisUrl ?? "redis://127.0.0.1:1", prefix, onError: (name, error) => void errors.push({ name, error }) });

  beforeAll(() => {
    assertServicesPresent();
  });

  afterAll(async () => {
    if (redisUrl) await deleteRedisKeys(redisUrl, root);
  });

  queueContract(() => make(), "bullmq");
  retryContract(() => createBullmqQueue({ url: redisUrl ?? "redis://127.0.0.1:1", prefix: `${root}-${++n}`, onError: () => undefined, retryPolicies: QUICK }), "bullmq");

  it("bullmq: reports a processor's failure and keeps working", async () => {
    const queue = make();
    const rec = recordingProcessors();
    try {
      await queue.start({ ...rec.processors, inbound: async () => Promise.reject(new Error("boom")) }, 0);
      await queue.add("inbound", { event: sampleEvent });
      await queue.add("deliver", { deliveryId: "501" });
      await waitFor(() => errors.length === 1 && rec.of("deliver", "501").length === 1, { what: "the failure and the next job" });
      expect(errors.map((e) => [e.name, (e.error as Error).message])).toEqual([["inbound", "boom"]]);
    } finally {
      await queue.close();
    }
  });

  it("bullmq: an add while nothing is on its way goes at once; adds made meanwhile go together, 200 per addBulk", async () => {
    const connection = new Redis(redisUrl ?? "redis://127.0.0.1:1", { maxRetriesPerRequest: null });
    const deliver = new Queue("deliver", { connection: connection as ConnectionOptions, prefix: `${root}-bulk` });
    const bulk = vi.spyOn(deliver, "addBulk");
    const single = vi.spyOn(deliver, "add");
    const add = createBulkAdder(() => deliver);
    try {
      await Promise.all(Array.from({ length: 450 }, (_, i) => add("deliver", { deliveryId: String(70_000 + i) }, { jobId: `bulk-${i}` })));
      expect(single.mock.calls.map(([, data]) => data)).toEqual([{ deliveryId: "70000" }]);
      expect(bulk.mock.calls.map(([jobs]) => jobs.length)).toEqual([200, 200, 49]);
      await add("deliver", { deliveryId: "70450" }, { jobId: "bulk-450" });
      expect(single.mock.calls.map(([, data]) => data)).toEqual([{ deliveryId: "70000" }, { deliveryId: "70450" }]);
      expect(bulk).toHaveBeenCalledTimes(3);
      expect(await deliver.getWaitingCount()).toBe(451);
    } finally {
      await deliver.obliterate({ force: true });
      await deliver.close();
      connection.disconnect();
    }
  });

  it("bullmq: a burst of adds all run; a batch that fails rejects each of its adds", async () => {
    const queue = make();
    const rec = recordingProcessors();
    try {
      await queue.start(rec.processors, 0);
      await Promise.all(Array.from({ length: 450 }, (_, i) => queue.add("deliver", { deliveryId: String(70_000 + i) }, { jobId: `burst-${i}` })));
      await waitFor(() => rec.of("deliver").length === 450, { what: "every job of the burst to run" });
      expect(new Set(rec.of("deliver").map((r) => (r.payload as { deliveryId: string }).deliveryId)).size).toBe(450);
      // The first add goes at once; the next two wait for it and go as one batch. BullMQ refuses a job id with a ':'
      // before anything is sent, and its batch-mate is refused with it, so its caller (a webhook) answers an error and
      // the platform delivers again.
      const settled = await Promise.allSettled([
        queue.add("deliver", { deliveryId: "70899" }, { jobId: "first-70899" }),
        queue.add("deliver", { deliveryId: "70900" }, { jobId: "fine-70900" }),
        queue.add("deliver", { deliveryId: "70901" }, { jobId: "bad:70901" }),
      ]);
      expect(settled.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected"]);
      await queue.add("deliver", { deliveryId: "70902" }, { jobId: "after-70902" });
      await waitFor(() => rec.of("deliver", "70902").length === 1 && rec.of("deliver", "70899").length === 1, { what: "the other adds to work" });
      expect(rec.of("deliver", "70900")).toHaveLength(0);
    } finally {
      await queue.close();
    }
  });

  it("bullmq: two replicas starting with the same prefix create the tick job scheduler once", async () => {
    const prefix = `${root}-replicas`;
    const one = make(prefix);
    const two = make(prefix);
    const recOne = recordingProcessors();
    const recTwo = recordingProcessors();
    const connection = new Redis(redisUrl ?? "redis://127.0.0.1:1", { maxRetriesPerRequest: null });
    const tickQueue = new Queue("tick", { connection: connection as ConnectionOptions, prefix });
    try {
      await Promise.all([one.start(recOne.processors, 3_600_000), two.start(recTwo.processors, 3_600_000)]);
      // The scheduler's first iteration runs at once, on one replica or the other.
      await waitFor(() => recOne.of("tick").length + recTwo.of("tick").length >= 1, { what: "the first tick" });
      // A replica restarting later upserts the same scheduler again.
      const restarted = make(prefix);
      await restarted.start(recordingProcessors().processors, 3_600_000);
      await restarted.close();
      const schedulers = await tickQueue.getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({ key: "tick-every-minute", every: 3_600_000 });
      // …and one replica's tick is not followed by another's, nor by the restarted one's upsert.
      await sleep(500);
      expect(recOne.of("tick").length + recTwo.of("tick").length).toBe(1);
    } finally {
      await one.close();
      await two.close();
      await tickQueue.close();
      connection.disconnect();
    }
  });
});
