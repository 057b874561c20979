import type { InboundEvent } from "./adapter.js";
import { InboundBusy, type RunHere } from "./ingest.js";
import type { JobProcessor, JobQueue } from "./queue.js";

/** Events run in this process at once; past it, an event waits for a worker like any job (the inbound worker's concurrency). */
export const RUN_NOW_SLOTS = 8;

/**
 * When an event run here has not finished, its queued copy runs: longer than any command takes, short beside the
 * key's lease (CLAIM_LEASE_MS), which bounds how soon an event whose process died is run again anyway.
 */
export const BACKUP_DELAY_MS = 30_000;

/** done: run through, copy removed; failed: copy made due to retry; held: another run holds the key, copy left. */
export type RunHereOutcome = "done" | "failed" | "held";

/**
 * The fast path of an acknowledged event. The ingest still queues every event before the platform is answered, but
 * while a slot is free it queues it delayed (BACKUP_DELAY_MS) and runs it here at once, through the same processor
 * a worker would; once that run is through, the queued copy is removed. A job run by a worker costs six Redis round
 * trips however little it does (the worker's fetch loop, its lock, its finish); the delayed add, the worker waking to
 * the delay and the removal are three.
 *
 * Exactly once is kept by what already kept it: the event is in Redis before the ack, and the key's claim lets one
 * run through. A run that fails here makes its queued copy due now, so its retries go as a job's would; a run whose
 * key another run holds (a platform's redelivery) leaves the copy to find the key done or run it later; a process
 * that dies mid-run leaves the copy, which runs once the key's lease lapses. A copy that could not be removed (Redis
 * away for a moment) finds the key done and does nothing.
 */
export function createInboundRunNow(deps: {
  queue: JobQueue;
  run: JobProcessor<"inbound">;
  /** A run here that failed for another reason than a key held elsewhere (its queued copy runs it again). */
  onError: (error: unknown) => void;
  /** Best-effort steps that failed: removing or hurrying a queued copy. */
  onQueueError: (error: unknown) => void;
  /** How each run here ended (for /metrics). */
  onOutcome?: (outcome: RunHereOutcome) => void;
  slots?: number;
  backupDelayMs?: number;
}): RunHere & { busy(): boolean; idle(): Promise<void>; close(): Promise<void> } {
  const slots = deps.slots ?? RUN_NOW_SLOTS;
  let reserved = 0;
  let closed = false;
  const idleWaiters: (() => void)[] = [];

  const settleOne = (): void => {
    reserved--;
    if (reserved === 0) for (const wake of idleWaiters.splice(0)) wake();
  };

  const runHere = async (payload: { event: InboundEvent }, jobId: string): Promise<void> => {
    try {
      await deps.run(payload);
    } catch (error) {
      const held = error instanceof InboundBusy;
      deps.onOutcome?.(held ? "held" : "failed");
      if (!held) {
        deps.onError(error);
        await deps.queue.promote("inbound", jobId).catch(deps.onQueueError);
      }
      return;
    }
    deps.onOutcome?.("done");
    await deps.queue.cancel("inbound", jobId).catch(deps.onQueueError);
  };

  return {
    backupDelayMs: deps.backupDelayMs ?? BACKUP_DELAY_MS,
    reserve(): boolean {
      if (closed || reserved >= slots) return false;
      reserved++;
      return true;
    },
    release: settleOne,
    start(payload, jobId): void {
      void runHere(payload, jobId).finally(settleOne);
    },

    /** True while a slot is taken (an event about to run here, or running). */
    busy(): boolean {
      return reserved > 0;
    },

    /** Resolves once no slot is taken. */
    idle(): Promise<void> {
      return reserved === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },

    /** Takes no more events; resolves once those running here are through. */
    async close(): Promise<void> {
      closed = true;
      await this.idle();
    },
  };
}
