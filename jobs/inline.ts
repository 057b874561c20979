import cron, { type ScheduledTask } from "node-cron";
import type { AddOptions, JobName, JobPayloads, JobQueue, Processors } from "../src/core/queue.js";

interface Waiting {
  name: JobName;
  payload: unknown;
  timer?: NodeJS.Timeout;
}

/** The in-process queue for embedded mode and tests: same processors, node-cron ticks, no Redis. */
export function createInlineQueue(options: { onError: (name: JobName, error: unknown) => void }): JobQueue {
  let processors: Processors | null = null;
  let closed = false;
  let task: ScheduledTask | null = null;
  const waiting = new Map<string, Waiting>();
  const running = new Set<Promise<void>>();
  let anonymous = 0;

  const run = (id: string): void => {
    const job = waiting.get(id);
    if (!job || !processors || closed) return;
    waiting.delete(id);
    const processor = processors[job.name] as (payload: unknown) => Promise<void>;
    const promise = processor(job.payload)
      .catch((error: unknown) => options.onError(job.name, error))
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
      const job: Waiting = { name, payload };
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
    async close(): Promise<void> {
      closed = true;
      await task?.stop();
      for (const job of waiting.values()) if (job.timer) clearTimeout(job.timer);
      waiting.clear();
      await Promise.allSettled([...running]);
    },
  };
}
