import cron, { type ScheduledTask } from "node-cron";
import { errorText } from "../src/core/error-text.js";
import { RETRY_POLICIES, retryDelayMs, type AddOptions, type FailedJob, type JobName, type JobPayloads, type JobQueue, type Processors, type RetryPolicy, type RetryPolicyName } from "../src/core/queue.js";

interface Waiting {
  name: JobName;
  payload: unknown;
  timer?: NodeJS.Timeout;
  retry?: RetryPolicyName;
  attemptsMade: number;
}

const FAILED_KEPT = 1000;

/** The in-process queue for embedded mode and tests: same processors, node-cron ticks, no Redis. */
export function createInlineQueue(options: { onError: (name: JobName, error: unknown) => void; retryPolicies?: Partial<Record<RetryPolicyName, RetryPolicy>> }): JobQueue {
  const policies: Record<RetryPolicyName, RetryPolicy> = { ...RETRY_POLICIES, ...options.retryPolicies };
  let processors: Processors | null = null;
  let closed = false;
  let task: ScheduledTask | null = null;
  const waiting = new Map<string, Waiting>();
  const running = new Set<Promise<void>>();
  const failed: (FailedJob & { key: string; job: Waiting })[] = [];
  let anonymous = 0;

  // A job with a retry policy that throws runs again after the policy's delay, under the same id; once its
  // attempts are used up it is kept (in this process) with the others that failed, to be listed and replayed.
  const afterFailure = (id: string, job: Waiting, error: unknown): void => {
    options.onError(job.name, error);
    if (!job.retry || closed) return;
    job.attemptsMade++;
    const policy = policies[job.retry];
    if (job.attemptsMade < policy.attempts) {
      if (waiting.has(id)) return;
      waiting.set(id, job);
      runAt(id, job, Date.now() + retryDelayMs(policy, job.attemptsMade, error));
      return;
    }
    failed.unshift({ id: id.slice(job.name.length + 1), key: id, name: job.name, failedAt: new Date(), attempts: job.attemptsMade, reason: errorText(error), job });
    failed.splice(FAILED_KEPT);
  };

  const run = (id: string): void => {
    const job = waiting.get(id);
    if (!job || !processors || closed) return;
    waiting.delete(id);
    job.timer = undefined;
    const processor = processors[job.name] as (payload: unknown) => Promise<void>;
    const promise = processor(job.payload)
      .catch((error: unknown) => afterFailure(id, job, error))
      .finally(() => running.delete(promise));
    running.add(promise);
  };

  /**
   * Runs the job no earlier than `dueAt` by the wall clock. A timer counts from the event loop's cached time, which
   * can lag Date.now() by a millisecond or more, so it may fire just before the due time; it is then set again for
   * the rest (a platform's Retry-After waited out 1 ms short is a second 429).
   */
  const runAt = (id: string, job: Waiting, dueAt: number): void => {
    job.timer = setTimeout(() => (Date.now() < dueAt ? runAt(id, job, dueAt) : run(id)), Math.max(1, dueAt - Date.now()));
    job.timer.unref();
  };

  return {
    driver: "inline",
    async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: AddOptions = {}): Promise<void> {
      if (closed) return;
      const id = opts.jobId ? `${name}/${opts.jobId}` : `${name}/#${++anonymous}`;
      if (waiting.has(id)) return;
      const job: Waiting = { name, payload, attemptsMade: 0, ...(opts.retry ? { retry: opts.retry } : {}) };
      waiting.set(id, job);
      if (!processors) return;
      if (opts.delayMs && opts.delayMs > 0) runAt(id, job, Date.now() + opts.delayMs);
      else queueMicrotask(() => run(id));
    },
    async start(given: Processors, tickEveryMs: number): Promise<void> {
      processors = given;
      for (const id of [...waiting.keys()]) queueMicrotask(() => run(id));
      if (tickEveryMs > 0) {
        const seconds = Math.max(1, Math.round(tickEveryMs / 1000));
        const expression = seconds % 60 === 0 ? `*/${Math.max(1, seconds / 60)} * * * *` : `*/${seconds} * * * * *`;
        task = cron.schedule(expression, () => void this.add("tick", {}, { jobId: "tick" }), { noOverlap: true });
      }
    },
    async cancel(name: JobName, jobId: string): Promise<void> {
      const id = `${name}/${jobId}`;
      const job = waiting.get(id);
      if (!job) return;
      if (job.timer) clearTimeout(job.timer);
      waiting.delete(id);
    },
    async promote(name: JobName, jobId: string): Promise<void> {
      const id = `${name}/${jobId}`;
      const job = waiting.get(id);
      if (!job?.timer) return;
      clearTimeout(job.timer);
      job.timer = undefined;
      queueMicrotask(() => run(id));
    },
    async depth(): Promise<number> {
      return waiting.size;
    },
    async drain(): Promise<void> {
      for (;;) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const due = [...waiting.values()].some((job) => job.timer === undefined);
        if (running.size === 0 && !due) return;
        await Promise.allSettled([...running]);
      }
    },
    async ping(): Promise<void> {},
    async failed(name: JobName, limit = 50): Promise<FailedJob[]> {
      return failed.filter((f) => f.name === name).slice(0, limit).map(({ job: _job, key: _key, ...f }) => f);
    },
    async failedCounts(): Promise<Partial<Record<JobName, number>>> {
      const counts: Partial<Record<JobName, number>> = {};
      for (const f of failed) counts[f.name] = (counts[f.name] ?? 0) + 1;
      return counts;
    },
    async replayFailed(name: JobName, id?: string): Promise<number> {
      const chosen = failed.filter((f) => f.name === name && (id === undefined || f.id === id));
      for (const f of chosen) {
        failed.splice(failed.indexOf(f), 1);
        f.job.attemptsMade = 0;
        waiting.set(f.key, f.job);
        if (processors) queueMicrotask(() => run(f.key));
      }
      return chosen.length;
    },
    async close(): Promise<void> {
      closed = true;
      await task?.stop();
      for (const job of waiting.values()) if (job.timer) clearTimeout(job.timer);
      waiting.clear();
      await Promise.allSettled([...running]);
    },
  };
}
