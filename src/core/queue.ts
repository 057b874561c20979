import type { InboundEvent } from "./adapter.js";

/** The jobs every driver knows, with their payloads. */
export interface JobPayloads {
  inbound: { event: InboundEvent };
  deliver: { deliveryId: string };
  tick: { at?: string };
  /** One occurrence schedule over one tick's window. */
  schedule: { name: string; from: string; to: string };
  /** A feature's own job, by its queued name `<feature>.<job>`. */
  feature: { name: string; payload: unknown };
}

export type JobName = keyof JobPayloads;

export interface AddOptions {
  /** A deterministic id: a job with the same id is only queued once while it waits (no ':' allowed). */
  jobId?: string;
  delayMs?: number;
}

export type JobProcessor<N extends JobName> = (payload: JobPayloads[N]) => Promise<void>;
export type Processors = { [N in JobName]: JobProcessor<N> };

/** The queue port: BullMQ when Redis is configured, in-process otherwise; same processors either way. */
export interface JobQueue {
  readonly driver: "bullmq" | "inline";
  add<N extends JobName>(name: N, payload: JobPayloads[N], options?: AddOptions): Promise<void>;
  /** Starts workers and the periodic tick. */
  start(processors: Processors, tickEveryMs: number): Promise<void>;
  /** Jobs waiting or delayed, for /metrics. */
  depth(): Promise<number>;
  /** Resolves when nothing is running or due now (inline); best effort for BullMQ. */
  drain(): Promise<void>;
  ping(): Promise<void>;
  /** Stops taking new jobs, lets running ones finish, releases connections. */
  close(): Promise<void>;
}

/** Turns any key into a BullMQ-safe job id (no ':'), one-to-one so that two keys never share an id. */
export function jobIdFor(key: string): string {
  return key.replace(/%/g, "%25").replace(/:/g, "%3A");
}
