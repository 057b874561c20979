import { sql } from "kysely";
import type { ConversationRef, SentRef } from "../core/adapter.js";
import type { SentMessage, SentMessageLookup } from "../core/hooks.js";
import type { Database } from "../db/database.js";

/**
 * Finds the delivery that sent a platform message (deliveries.sent_ref holds `{parts: SentRef[]}`; the GIN index of
 * migrations/0005 serves the containment query). The original send wins over an edit that reused its message, and
 * where a platform's ids repeat across channels (Slack ts) the one in the event's conversation wins.
 */
export function createSentMessageLookup(db: Database): SentMessageLookup {
  return async (conversation: ConversationRef, messageId: string): Promise<SentMessage | null> => {
    const probe = JSON.stringify({ parts: [{ messageId, conversation: { tenantId: conversation.tenantId } }] });
    const rows = await db
      .selectFrom("deliveries")
      .select(["key", "sent_ref"])
      .where("platform", "=", conversation.platform)
      .where(sql<boolean>`sent_ref @> ${probe}::jsonb`)
      .orderBy(sql`edit_of is not null`)
      .orderBy("id")
      .limit(10)
      .execute();
    const found = rows.flatMap((row) => {
      const part = ((row.sent_ref as { parts?: SentRef[] } | null)?.parts ?? []).find((p) => p.messageId === messageId);
      return part ? [{ deliveryKey: row.key, conversation: part.conversation }] : [];
    });
    return found.find((f) => f.conversation.conversationId === conversation.conversationId) ?? found[0] ?? null;
  };
}
