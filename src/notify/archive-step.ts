import type { ChatAdapter, ConversationRef } from "../core/adapter.js";
import { DeliveryError } from "../core/delivery-error.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { DeliveryTarget } from "./target.js";

export type ArchiveTarget = Extract<DeliveryTarget, { type: "archive" }>;

/** The archive waits for the group's last message: "wait" while the delivery keyed `after` is still on its way. */
export type ArchiveOutcome = { status: "wait" } | { status: "done"; archived: boolean; conversation: ConversationRef };

/**
 * Archives a group created through the outbox, after its last message went out (Slack refuses posts to an archived
 * channel). Where the adapter cannot archive, nothing is called and the row records `archived: false`.
 */
export function createArchiveStep(deps: { db: Database; logger: Logger }) {
  return async (adapter: ChatAdapter, target: ArchiveTarget): Promise<ArchiveOutcome> => {
    const group = await deps.db.selectFrom("groups").select(["key", "conversation"]).where("key", "=", target.groupKey).executeTakeFirst();
    const conversation = (group?.conversation as ConversationRef | null | undefined) ?? null;
    if (!conversation) throw DeliveryError.fatal(`no group was created under ${target.groupKey}`);
    if (target.after) {
      const last = await deps.db.selectFrom("deliveries").select("status").where("key", "=", target.after).executeTakeFirst();
      if (last && (last.status === "pending" || last.status === "sending")) return { status: "wait" };
    }
    if (!adapter.archiveGroup) {
      deps.logger.info({ group: target.groupKey, platform: adapter.platform }, "the platform cannot archive groups; the group stays as it is");
      return { status: "done", archived: false, conversation };
    }
    await adapter.archiveGroup(conversation);
    deps.logger.info({ group: target.groupKey, platform: adapter.platform }, "group archived");
    return { status: "done", archived: true, conversation };
  };
}
