import type { ChatAdapter, SentRef } from "../core/adapter.js";
import { DeliveryError } from "../core/delivery-error.js";
import { errorText } from "../core/error-text.js";
import type { OutboundMessage } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { DeliveryRow } from "../db/schema.js";
import type { Logger } from "../logger.js";
import type { MessageTarget } from "./target.js";

/** What a delivery has done so far: its sent parts and, for an urgent message, what became of the urgent call. */
export interface Progress {
  parts: SentRef[];
  /** "sent": pushed through the urgent channel; "none": the platform has none; "refused": the platform said no (logged). */
  urgent?: "sent" | "none" | "refused";
}

/**
 * After an urgent message's parts are sent: one urgent call (Feishu buzz, DingTalk DING) to the DM's reader or the
 * group's mentions. Its outcome is stored with the parts, so a retry after a failed urgent call sends no part again
 * and a retry after a stored outcome makes no second call. A refusal (no DING quota, no permission) leaves a normal
 * message that was delivered: it is logged, not failed.
 */
export function createUrgentStep(deps: { db: Database; logger: Logger }) {
  const save = (row: DeliveryRow, progress: Progress) => deps.db.updateTable("deliveries").set({ sent_ref: JSON.stringify(progress), updated_at: new Date() }).where("id", "=", row.id).execute();

  return async (row: DeliveryRow, adapter: ChatAdapter, target: MessageTarget, message: OutboundMessage, progress: Progress): Promise<void> => {
    const first = progress.parts[0];
    if (!message.urgent || progress.urgent || !first) return;
    const userIds = target.type === "direct" ? [target.userId] : (message.mentions ?? []);
    if (!adapter.urgent || userIds.length === 0) {
      progress.urgent = "none";
      return;
    }
    try {
      await adapter.urgent(first, userIds, message);
      progress.urgent = "sent";
    } catch (error) {
      const classified = error instanceof DeliveryError ? error : DeliveryError.retry(errorText(error));
      if (classified.kind !== "fatal") {
        await save(row, progress);
        throw classified;
      }
      deps.logger.warn({ delivery: row.id, platform: adapter.platform, reason: classified.reason }, "the platform refused the urgent call; the message went out as a normal one");
      progress.urgent = "refused";
    }
    await save(row, progress);
  };
}
