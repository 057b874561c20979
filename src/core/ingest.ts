import type { Database } from "../db/database.js";
import { prepared } from "../db/prepared.js";
import type { InboundEvent, InboundSink } from "./adapter.js";
import { jobIdFor, type JobQueue } from "./queue.js";

/**
 * How long a delivery key is remembered: longer than any platform retries (Feishu up to ~6 h, WeCom and DingTalk
 * minutes, Slack about an hour) plus the freshness window every signed request must fall in (5 minutes), so a
 * captured request can neither run twice nor be replayed after its key is forgotten.
 */
export const DEDUPE_TTL_MS = 48 * 60 * 60 * 1000;

/**
 * The longest the ack path waits for the queue. Every platform's deadline is 3 s or more (WeCom 5 s); answering a
 * refusal well inside it makes the platform retry, where answering late makes it retry *and* may run the event twice.
 */
export const ENQUEUE_BUDGET_MS = 1500;

/** A running event's hold on its key; a handler that died holding it is taken over once it lapses. */
export const CLAIM_LEASE_MS = 2 * 60 * 1000;

/** Past a lease's end before its key is claimed again (clocks of replicas differ a little). */
const LEASE_MARGIN_MS = 1000;

/** The queue did not take the event within the ack budget: the adapter answers 503 and the platform retries. */
export class QueueUnavailable extends Error {
  override readonly name = "QueueUnavailable";
}

/**
 * Another run of the same event holds its key right now: the job is retried (not dropped as a duplicate) when that
 * run's lease lapses, if it has not finished by then.
 */
export class InboundBusy extends Error {
  override readonly name = "InboundBusy";
  constructor(
    message: string,
    /** Until the holder's lease lapses (read by the queue's retry delay). */
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** The key under which an event is deduplicated: platform, workspace, and the platform's own id. */
export function inboundKey(event: InboundEvent): string {
  return `${event.conversation.platform}:${event.conversation.tenantId}:${event.dedupeKey}`;
}

/** Where an acknowledged event may run at once, its queued job delayed as a backup (inbound-run-now.ts). */
export interface RunHere {
  readonly backupDelayMs: number;
  /** Takes a slot for an event about to be queued; false when none is free. */
  reserve(): boolean;
  /** Gives back a slot whose event was not queued after all. */
  release(): void;
  /** Runs an event queued as `jobId` under a taken slot; returns at once. */
  start(payload: { event: InboundEvent }, jobId: string): void;
}

/**
 * The sink adapters hand events to, on the path that must ack within the platform's deadline: one queue add,
 * under a job id made from the delivery key, so that a retry arriving while the first copy waits is not queued
 * again, and bounded by ENQUEUE_BUDGET_MS. `raw` stays behind: nothing after the ack reads it. Adapters ack only
 * once this resolves; when it throws they answer 5xx and the platform delivers again (an add that completes after
 * the budget is harmless: the job id and the claim make the retry a no-op). With `runNow` and a slot free, the job is
 * queued delayed, as a backup, and the event runs in this process once it is queued (inbound-run-now.ts).
 */
export function createIngest(deps: { queue: JobQueue; budgetMs?: number; runNow?: RunHere }): InboundSink {
  const budgetMs = deps.budgetMs ?? ENQUEUE_BUDGET_MS;
  return async (event: InboundEvent): Promise<void> => {
    const payload = { event: { ...event, raw: null } };
    const jobId = jobIdFor(`inbound:${inboundKey(event)}`);
    // Set when a slot to run the event here was taken.
    const here = deps.runNow?.reserve() ? deps.runNow : undefined;
    const added = deps.queue.add("inbound", payload, { jobId, retry: "inbound", ...(here ? { delayMs: here.backupDelayMs } : {}) });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QueueUnavailable(`the queue did not take the event within ${budgetMs} ms`)), budgetMs);
    });
    try {
      await Promise.race([added, late]);
    } catch (error) {
      here?.release();
      throw error;
    } finally {
      clearTimeout(timer);
      added.catch(() => undefined);
    }
    here?.start(payload, jobId);
  };
}

/** What claiming an event's key found. */
export type ClaimOutcome = "fresh" | "duplicate";

export interface InboundClaims {
  /**
   * Claims the key under a lease: `fresh` the first time (or when an earlier run died holding it), `duplicate`
   * once an earlier run finished. Throws InboundBusy while another run holds a live lease.
   */
  claim(event: InboundEvent): Promise<ClaimOutcome>;
  /** The event ran to the end: later deliveries of it are duplicates. */
  done(event: InboundEvent): Promise<void>;
  /** The run failed: let its retry claim the key at once (best effort; the lease lapses anyway). */
  release(event: InboundEvent): Promise<void>;
}

/**
 * Claims are made when the job runs, not when the event arrives, so a failed enqueue leaves no key behind to
 * swallow the platform's retry; and a key is `done` only after the event ran, so a run the database cut short is
 * run again by the job's retry rather than dropped as a duplicate.
 */
export function createInboundClaims(db: Database): InboundClaims {
  // Both run for every event: compiled once (prepared), not built per event.
  const insertClaim = prepared(db, (key: string, leaseUntil: Date, now: Date) =>
    db
      .insertInto("inbound_keys")
      .values({ key, state: "running", lease_until: leaseUntil })
      .onConflict((oc) =>
        oc
          .column("key")
          .doUpdateSet({ lease_until: leaseUntil })
          .where("inbound_keys.state", "=", "running")
          .where("inbound_keys.lease_until", "<", now),
      )
      .returning("key"),
  );
  const markDone = prepared(db, (key: string) => db.updateTable("inbound_keys").set({ state: "done", lease_until: null }).where("key", "=", key));
  return {
    async claim(event) {
      const key = inboundKey(event);
      const now = new Date();
      const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
      const taken = (await insertClaim(key, leaseUntil, now)).rows[0];
      if (taken) return "fresh";
      const held = await db.selectFrom("inbound_keys").select(["state", "lease_until"]).where("key", "=", key).executeTakeFirst();
      if (held?.state === "running") {
        const lapsesInMs = held.lease_until ? new Date(held.lease_until).getTime() - now.getTime() : 0;
        throw new InboundBusy(`another run holds ${event.conversation.platform} event's key`, Math.max(0, lapsesInMs) + LEASE_MARGIN_MS);
      }
      return "duplicate";
    },
    async done(event) {
      await markDone(inboundKey(event));
    },
    async release(event) {
      await db
        .updateTable("inbound_keys")
        .set({ lease_until: new Date(0) })
        .where("key", "=", inboundKey(event))
        .where("state", "=", "running")
        .execute()
        .catch(() => undefined);
    },
  };
}

/**
 * Forgets delivery keys claimed before `before` (daily housekeeping; see DEDUPE_TTL_MS). A key still `running` by
 * then belongs to a job whose retries ended hours ago; a replay of it claims afresh.
 */
export async function pruneInboundKeys(db: Database, before: Date): Promise<void> {
  await db.deleteFrom("inbound_keys").where("received_at", "<", before).execute();
}
