import type { InboundEvent } from "./adapter.js";

/** The jobs every driver knows, with their payloads. */
export interface JobPayloads {
  inbound: { event: InboundEvent };
  /** One outbox row; `more`: further rows queued together (an unpaced fan-out), each sent as if it had a job of its own. */
  deliver: { deliveryId: string; more?: string[] };
  tick: { at?: string };
  /** One occurrence schedule over one tick's window. */
  schedule: { name: string; from: string; to: string };
  /** A feature's own job, by its queued name `<feature>.<job>`. */
  feature: { name: string; payload: unknown };
}

export type JobName = keyof JobPayloads;

/**
 * How a job that throws is tried again: exponential backoff from `firstDelayMs`, capped at `maxDelayMs`, for
 * `attempts` runs in all. Policies are named constants so that any replica's worker can compute a retry's delay.
 */
export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const RETRY_POLICIES = {
  /**
   * An acknowledged event: 2 s, 4 s … then every 10 minutes, about 6 hours in all, as long as the longest platform
   * would have kept retrying it had we not acknowledged (Feishu). A job that still fails is kept as failed, counted
   * in /metrics and /readyz, and listed and replayed with `npm run cli -- jobs failed|replay`.
   */
  inbound: { attempts: 42, firstDelayMs: 2000, maxDelayMs: 10 * 60 * 1000 },
} as const satisfies Record<string, RetryPolicy>;

export type RetryPolicyName = keyof typeof RETRY_POLICIES;

/**
 * The wait before the next run after `attemptsMade` failed runs (1 → firstDelayMs). An error that knows when a
 * retry can succeed (`retryAfterMs`, e.g. a lease that lapses at a known time) sets the wait instead, so a retry
 * neither comes too early nor, after doubling past that moment, far too late.
 */
export function retryDelayMs(policy: RetryPolicy, attemptsMade: number, error?: unknown): number {
  const hint = retryHintOf(error);
  if (hint !== undefined) return Math.min(policy.maxDelayMs, Math.max(policy.firstDelayMs / 4, hint));
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, Math.min(30, attemptsMade - 1)));
}

function retryHintOf(error: unknown): number | undefined {
  const hint = (error as { retryAfterMs?: unknown } | null | undefined)?.retryAfterMs;
  return typeof hint === "number" && Number.isFinite(hint) && hint >= 0 ? hint : undefined;
}

export interface AddOptions {
  /** A deterministic id: a job with the same id is only queued once while it waits (no ':' allowed). */
  jobId?: string;
  delayMs?: number;
  /** Tried again when it throws (default: once only, the failure logged). */
  retry?: RetryPolicyName;
}

/** A job that used up its retries: kept until replayed or 30 days old. */
export interface FailedJob {
  id: string;
  name: JobName;
  failedAt: Date;
  attempts: number;
  /** The error's class and a bounded message, never the payload. */
  reason: string;
}

export type JobProcessor<N extends JobName> = (payload: JobPayloads[N]) => Promise<void>;
export type Processors = { [N in JobName]: JobProcessor<N> };

/** The queue port: BullMQ when Redis is configured, in-process otherwise; same processors either way. */
export interface JobQueue {
  readonly driver: "bullmq" | "inline";
  add<N extends JobName>(name: N, payload: JobPayloads[N], options?: AddOptions): Promise<void>;
  /** Starts workers and the periodic tick. */
  start(processors: Processors, tickEveryMs: number): Promise<void>;
  /** Removes a delayed or waiting job whose work was done another way; nothing when it is running or gone. */
  cancel(name: JobName, jobId: string): Promise<void>;
  /** Makes a delayed job due now (its retry policy then applies as usual); nothing when it is due, running or gone. */
  promote(name: JobName, jobId: string): Promise<void>;
  /** Jobs waiting or delayed, for /metrics. */
  depth(): Promise<number>;
  /** Resolves when nothing is running or due now (inline); best effort for BullMQ. */
  drain(): Promise<void>;
  ping(): Promise<void>;
  /** Jobs of a retried kind that used up their retries, newest first. */
  failed(name: JobName, limit?: number): Promise<FailedJob[]>;
  /** How many such jobs are kept, per job name (for /metrics and /readyz). */
  failedCounts(): Promise<Partial<Record<JobName, number>>>;
  /** Runs failed jobs again (one by id, or all of that name); returns how many were queued. */
  replayFailed(name: JobName, id?: string): Promise<number>;
  /** Stops taking new jobs, lets running ones finish, releases connections. */
  close(): Promise<void>;
}

/** Turns any key into a BullMQ-safe job id (no ':'), one-to-one so that two keys never share an id. */
export function jobIdFor(key: string): string {
  return key.replace(/%/g, "%25").replace(/:/g, "%3A");
}

/** Most outbox rows one deliver job carries (its `deliveryId` and `more`). */
export const DELIVER_BATCH_MAX = 100;
