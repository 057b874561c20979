import type { Database } from "../db/database.js";
import type { InboundEvent, InboundSink } from "./adapter.js";
import { jobIdFor, type JobQueue } from "./queue.js";

/** How long a delivery key is remembered; platforms retry for hours (Feishu up to ~6 h). */
export const DEDUPE_TTL_MS = 48 * 60 * 60 * 1000;

/** The key under which an event is deduplicated: platform, workspace, and the platform's own id. */
export function inboundKey(event: InboundEvent): string {
  return `${event.conversation.platform}:${event.conversation.tenantId}:${event.dedupeKey}`;
}

/**
 * The sink adapters hand events to, on the path that must ack within the platform's deadline: one queue add,
 * under a job id made from the delivery key, so that a retry arriving while the first copy waits is not queued
 * again. `raw` stays behind: nothing after the ack reads it. Adapters ack once this resolves. The lasting
 * dedupe is the claim the inbound job makes before it dispatches (createInboundClaim).
 */
export function createIngest(deps: { queue: JobQueue }): InboundSink {
  return async (event: InboundEvent): Promise<void> => {
    await deps.queue.add("inbound", { event: { ...event, raw: null } }, { jobId: jobIdFor(`inbound:${inboundKey(event)}`) });
  };
}

/**
 * Claims an event's delivery key for DEDUPE_TTL_MS: true the first time, false for a retried delivery that was
 * already claimed (dropped, not dispatched). Claiming when the job runs, not when the event arrives, means a
 * failed enqueue leaves no key behind to swallow the platform's retry.
 */
export function createInboundClaim(db: Database): (event: InboundEvent) => Promise<boolean> {
  return async (event: InboundEvent): Promise<boolean> => {
    const fresh = await db
      .insertInto("inbound_keys")
      .values({ key: inboundKey(event) })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    return fresh !== undefined;
  };
}

/** Forgets delivery keys claimed before `before` (daily housekeeping; see DEDUPE_TTL_MS). */
export async function pruneInboundKeys(db: Database, before: Date): Promise<void> {
  await db.deleteFrom("inbound_keys").where("received_at", "<", before).execute();
}
