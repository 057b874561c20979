import type { ChatAdapter, ConversationRef } from "../core/adapter.js";
import { DeliveryError } from "../core/delivery-error.js";
import type { OutboundMessage } from "../core/message.js";
import type { JobQueue } from "../core/queue.js";
import type { Database } from "../db/database.js";
import type { DeliveryRow } from "../db/schema.js";
import type { Logger } from "../logger.js";
import type { StoredGroupSpec } from "./groups.js";
import { createNotifier } from "./notifier.js";
import type { DeliveryTarget } from "./target.js";

export type GroupTarget = Extract<DeliveryTarget, { type: "group" }>;

/**
 * One run of a group's outbox row: create (unless a ref is stored) → store the ref → add the members → queue the
 * welcome under its own key. Every step is safe to repeat, so a retry or a run after a crash resumes where the last
 * one stopped. The one gap is a crash between the platform creating the group and our storing its ref: the retry
 * passes `mayExist`, and the adapter finds the group through the platform's idempotency token or a look-up where
 * there is one (see each adapter's createGroup for what remains possible where there is none).
 */
export function createGroupStep(deps: { db: Database; queue: JobQueue; logger: Logger }) {
  const { db, logger } = deps;
  const notifier = createNotifier({ db, queue: deps.queue });

  return async (row: DeliveryRow, adapter: ChatAdapter, target: GroupTarget): Promise<ConversationRef> => {
    const group = await db.selectFrom("groups").selectAll().where("key", "=", target.groupKey).executeTakeFirst();
    if (!group) throw DeliveryError.fatal(`no group row for ${target.groupKey}`);
    if (!adapter.createGroup || !adapter.addMembers) throw DeliveryError.fatal(`${adapter.platform} cannot create groups here`);
    const spec = group.spec as StoredGroupSpec;
    let ref = (group.conversation as ConversationRef | null) ?? null;
    if (!ref) {
      ref = await adapter.createGroup({
        tenantId: target.tenantRef,
        name: spec.name,
        ...(spec.topic ? { topic: spec.topic } : {}),
        ownerId: spec.ownerUserId,
        memberIds: spec.memberUserIds,
        idempotencyKey: group.key,
        mayExist: row.attempts > 1,
      });
      await db.updateTable("groups").set({ conversation: JSON.stringify(ref), updated_at: new Date() }).where("key", "=", group.key).execute();
      logger.info({ group: group.key, platform: adapter.platform }, "group created");
    }
    if (!group.members_added_at) {
      await adapter.addMembers(ref, [...new Set([spec.ownerUserId, ...spec.memberUserIds])]);
      await db.updateTable("groups").set({ members_added_at: new Date(), updated_at: new Date() }).where("key", "=", group.key).execute();
    }
    if (group.welcome) await notifier.toConversation(ref, group.welcome as OutboundMessage, { key: `${group.key}:welcome`, tenantId: group.tenant_id });
    return ref;
  };
}
