import { Queue, Worker, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { createBulkAdder } from "./bulk-adder.js";
import { errorText } from "../src/core/error-text.js";
import { RETRY_POLICIES, retryDelayMs, type AddOptions, type FailedJob, type JobName, type JobPayloads, type JobQueue, type Processors, type RetryPolicy, type RetryPolicyName } from "../src/core/queue.js";

const NAMES: readonly JobName[] = ["inbound", "deliver", "tick", "schedule", "feature"];
const CONCURRENCY: Record<JobName, number> = { inbound: 8, deliver: 16, tick: 1, schedule: 4, feature: 4 };
const FAILED_KEPT_S = 30 * 24 * 3600;

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
  const prefix = options.prefix ?? "rollout";
  const queues = new Map(
    NAMES.map((name) => [name, new Queue(name, { connection: connection as ConnectionOptions, prefix })] as const),
  );
  const workers: Worker[] = [];
  const workerConnections: Redis[] = [];

  const queueOf = (name: JobName): Queue => {
    const queue = queues.get(name);
    if (!queue) throw new Error(`no queue ${name}`);
    return queue;
  };

  const addSoon = createBulkAdder((name) => queueOf(name as JobName));

  return {
    driver: "bullmq",
    async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: AddOptions = {}): Promise<void> {
      await addSoon(name, payload, {
        ...(opts.jobId ? { jobId: opts.jobId } : {}),
        ...(opts.delayMs ? { delay: opts.delayMs } : {}),
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: opts.retry ? FAILED_KEPT_S : 7 * 24 * 3600 },
        ...(opts.retry ? { attempts: policies[opts.retry].attempts, backoff: { type: opts.retry } } : { attempts: 1 }),
      });
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
        workers.push(worker);
      }
      if (tickEveryMs > 0) {
        await queueOf("tick").upsertJobScheduler("tick-every-minute", { every: tickEveryMs }, { name: "tick", data: {} });
      }
    },
    async depth(): Promise<number> {
      let total = 0;
      for (const queue of queues.values()) total += await queue.count();
      return total;
    },
    async drain(): Promise<void> {
      for (let i = 0; i < 6000; i++) {
        let busy = 0;
        for (const queue of queues.values()) {
          const counts = await queue.getJobCounts("waiting", "active", "prioritized");
          busy += (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0);
        }
        if (busy === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
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
