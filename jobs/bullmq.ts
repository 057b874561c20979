import { Job, Queue, Worker, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { createBulkAdder } from "./bulk-adder.js";
import { errorText } from "../src/core/error-text.js";
import { RETRY_POLICIES, retryDelayMs, type AddOptions, type FailedJob, type JobName, type JobPayloads, type JobQueue, type Processors, type RetryPolicy, type RetryPolicyName } from "../src/core/queue.js";

const NAMES: readonly JobName[] = ["inbound", "deliver", "tick", "schedule", "feature"];
// Schedule jobs four at a time: sixteen at once measured no faster (they wait on the database) and could take every
// connection of the pool (10) at 09:00, when people's commands need them most.
const CONCURRENCY: Record<JobName, number> = { inbound: 8, deliver: 16, tick: 1, schedule: 4, feature: 4 };
const FAILED_KEPT_S = 30 * 24 * 3600;
/** How often drain reads the queues while this process has no job of its own running or awaited. */
const DRAIN_POLL_MS = 25;
/** The longest drain goes without reading the queues while this process runs or awaits jobs (a finish wakes it). */
const DRAIN_AWAIT_MS = 100;
/** Past this many ids awaited, the hint is dropped (see `expected`). */
const EXPECTED_MAX = 1000;

/** Waiting + active + prioritized jobs over KEYS given in threes (wait list, active list, prioritized set). */
const BUSY_JOBS_LUA = `local n = 0
for i = 1, #KEYS, 3 do
  n = n + redis.call('LLEN', KEYS[i]) + redis.call('LLEN', KEYS[i + 1]) + redis.call('ZCARD', KEYS[i + 2])
end
return n`;

/** The delay BullMQ waits before a retry: the job's named policy (any replica knows every policy). */
function backoffStrategyOf(policies: Record<RetryPolicyName, RetryPolicy>) {
  return (attemptsMade: number, type?: string, error?: Error): number => {
    const policy = policies[type as RetryPolicyName] as RetryPolicy | undefined;
    return policy ? retryDelayMs(policy, attemptsMade, error) : 1000;
  };
}

/** The production queue: one BullMQ queue per job name, workers in this process, a tick job scheduler. */
export function createBullmqQueue(options: {
  url: string;
  prefix?: string;
  onError: (name: JobName, error: unknown) => void;
  /** Other retry policies than RETRY_POLICIES (tests make them short). */
  retryPolicies?: Partial<Record<RetryPolicyName, RetryPolicy>>;
}): JobQueue {
  const policies: Record<RetryPolicyName, RetryPolicy> = { ...RETRY_POLICIES, ...options.retryPolicies };
  const backoffStrategy = backoffStrategyOf(policies);
  const connection = new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: false });
  connection.on("error", () => undefined);
  connection.defineCommand("rolloutBusyJobs", { lua: BUSY_JOBS_LUA });
  const busyJobs = (connection as unknown as { rolloutBusyJobs(...args: (string | number)[]): Promise<number> }).rolloutBusyJobs.bind(connection);
  const prefix = options.prefix ?? "rollout";
  const queues = new Map(
    NAMES.map((name) => [name, new Queue(name, { connection: connection as ConnectionOptions, prefix })] as const),
  );
  const workers: Worker[] = [];
  const workerConnections: Redis[] = [];
  // Bumped whenever a worker of this process finishes a job, so drain re-reads the queues then instead of polling;
  // `running` counts the jobs this process's workers are running, while which drain need not ask Redis.
  let finished = 0;
  let running = 0;
  // Ids of jobs this process added to run now (every add that names its job id) and has not yet seen finish here:
  // while one is outstanding, drain waits for a finish instead of asking Redis (a console line's inbound job, then
  // the deliver job of its reply: one read when both are done, not one per step). Only a hint, never the answer:
  // drain returns on a read of Redis alone, and reads at least every DRAIN_AWAIT_MS; a job run by another replica or
  // an add of an id already used stays in it until a drain sees the queues empty, and it is forgotten past
  // EXPECTED_MAX ids (a replica whose jobs others run, nobody draining).
  const expected = new Set<string>();
  const wakes = new Set<() => void>();
  const onFinished = (job?: { id?: string }): void => {
    finished++;
    running = Math.max(0, running - 1);
    if (job?.id !== undefined) expected.delete(job.id);
    for (const wake of wakes) wake();
  };
  /** Resolves true when a job of this process finishes, false after `ms`. */
  const nextFinish = (ms: number): Promise<boolean> =>
    new Promise<boolean>((resolve) => {
      const done = (woken: boolean): void => {
        clearTimeout(timer);
        wakes.delete(wake);
        resolve(woken);
      };
      const wake = (): void => done(true);
      const timer = setTimeout(() => done(false), ms);
      wakes.add(wake);
    });

  const queueOf = (name: JobName): Queue => {
    const queue = queues.get(name);
    if (!queue) throw new Error(`no queue ${name}`);
    return queue;
  };

  const addSoon = createBulkAdder((name) => queueOf(name as JobName));

  return {
    driver: "bullmq",
    async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: AddOptions = {}): Promise<void> {
      const expect = opts.jobId !== undefined && !opts.delayMs ? opts.jobId : null;
      if (expect !== null) {
        if (expected.size >= EXPECTED_MAX) expected.clear();
        expected.add(expect);
      }
      try {
        await addSoon(name, payload, {
          ...(opts.jobId ? { jobId: opts.jobId } : {}),
          ...(opts.delayMs ? { delay: opts.delayMs } : {}),
          removeOnComplete: { age: 3600, count: 1000 },
          removeOnFail: { age: opts.retry ? FAILED_KEPT_S : 7 * 24 * 3600 },
          ...(opts.retry ? { attempts: policies[opts.retry].attempts, backoff: { type: opts.retry } } : { attempts: 1 }),
        });
      } catch (error) {
        if (expect !== null) expected.delete(expect);
        throw error;
      }
    },
    async start(processors: Processors, tickEveryMs: number): Promise<void> {
      for (const name of NAMES) {
        const workerConnection = connection.duplicate({ maxRetriesPerRequest: null });
        workerConnection.on("error", () => undefined);
        workerConnections.push(workerConnection);
        const processor = processors[name] as (payload: unknown) => Promise<void>;
        const worker = new Worker(
          name,
          async (job) => {
            try {
              await processor(job.data);
            } catch (error) {
              options.onError(name, error);
              throw error;
            }
          },
          { connection: workerConnection as ConnectionOptions, prefix, concurrency: CONCURRENCY[name], settings: { backoffStrategy } },
        );
        worker.on("error", () => undefined);
        worker.on("active", () => void running++);
        worker.on("completed", onFinished);
        worker.on("failed", onFinished);
        workers.push(worker);
      }
      if (tickEveryMs > 0) {
        await queueOf("tick").upsertJobScheduler("tick-every-minute", { every: tickEveryMs }, { name: "tick", data: {} });
      }
    },
    async cancel(name: JobName, jobId: string): Promise<void> {
      await queueOf(name).remove(jobId);
    },
    async promote(name: JobName, jobId: string): Promise<void> {
      const job = await Job.fromId(queueOf(name), jobId);
      if (!job) return;
      try {
        await job.promote();
      } catch (error) {
        // Already due, running or finished: nothing to hurry.
        if ((await job.getState()) === "delayed") throw error;
      }
    },
    async depth(): Promise<number> {
      let total = 0;
      for (const queue of queues.values()) total += await queue.count();
      return total;
    },
    async drain(): Promise<void> {
      // Waiting, active and prioritized jobs of every queue summed by one script call (what getJobCounts reads,
      // without a script call per queue and state): drain polls, so each poll is one command and one integer back —
      // a pipeline of fifteen reads cost a console command more CPU than the command itself.
      const keys = [...queues.values()].flatMap((queue) => [queue.keys.wait, queue.keys.active, queue.keys.prioritized] as string[]);
      // Between reads it waits for a job of this process to finish, or DRAIN_POLL_MS at most (a job run by another
      // replica, a delayed one coming due); a job finishing while a read is on its way makes the next read go at once.
      // While this process runs a job or awaits one it added (`expected`), the queues are not busy-free: no read is
      // made until that work is done or DRAIN_AWAIT_MS have passed since the last read.
      const deadline = Date.now() + 30_000;
      let lastRead = Date.now();
      while (Date.now() < deadline) {
        const sinceRead = Date.now() - lastRead;
        if ((running === 0 && expected.size === 0) || sinceRead >= DRAIN_AWAIT_MS) {
          const seen = finished;
          lastRead = Date.now();
          const busy = Number(await busyJobs(keys.length, ...keys));
          if (busy === 0) {
            expected.clear();
            return;
          }
          if (finished !== seen) continue;
          await nextFinish(DRAIN_POLL_MS);
        } else {
          await nextFinish(DRAIN_AWAIT_MS - sinceRead);
        }
      }
    },
    async ping(): Promise<void> {
      await connection.ping();
    },
    async failed(name: JobName, limit = 50): Promise<FailedJob[]> {
      const jobs = await queueOf(name).getFailed(0, Math.max(0, limit - 1));
      return jobs
        .filter((job) => job.opts.backoff !== undefined)
        .map((job) => ({
          id: String(job.id),
          name,
          failedAt: new Date(job.finishedOn ?? job.timestamp),
          attempts: job.attemptsMade,
          reason: errorText(new Error(job.failedReason ?? "unknown")).replace(/^Error: /, ""),
        }));
    },
    async failedCounts(): Promise<Partial<Record<JobName, number>>> {
      const counts: Partial<Record<JobName, number>> = {};
      for (const [name, queue] of queues) counts[name] = (await queue.getJobCounts("failed")).failed ?? 0;
      return counts;
    },
    async replayFailed(name: JobName, id?: string): Promise<number> {
      const queue = queueOf(name);
      const jobs = id ? [await queue.getJob(id)] : await queue.getFailed(0, -1);
      let replayed = 0;
      for (const job of jobs) {
        if (!job || !(await job.isFailed())) continue;
        await job.retry("failed", { resetAttemptsMade: true });
        replayed++;
      }
      return replayed;
    },
    async close(): Promise<void> {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      for (const c of [...workerConnections, connection]) c.disconnect();
    },
  };
}
