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
 * The sink adapters hand events to: remember the key (a retried delivery is dropped here), then queue
 * the event for the dispatcher. Adapters ack once this resolves.
 */
export function createIngest(deps: { db: Database; queue: JobQueue; onEvent?: (platform: string, duplicate: boolean) => void }): InboundSink & {
  (event: InboundEvent): Promise<void>;
} {
  return async (event: InboundEvent): Promise<void> => {
    const key = inboundKey(event);
    const fresh = await deps.db
      .insertInto("inbound_keys")
      .values({ key })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    deps.onEvent?.(event.conversation.platform, !fresh);
    if (!fresh) return;
    await deps.queue.add("inbound", { event }, { jobId: jobIdFor(`inbound:${key}`) });
  };
}
