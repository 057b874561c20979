import type { Database } from "../db/database.js";
import type { ConversationRef } from "./adapter.js";

export const PENDING_TTL_MS = 30 * 60 * 1000;
/** Stands for "whoever answers" in a group where a message offered numbered choices to everyone. */
export const ANYONE = "*";

export type PendingReply = { kind: "choices"; commands: string[] } | { kind: "confirm"; commandLine: string };

const YES = new Set(["y", "yes", "ok", "confirm", "是", "是的", "好", "好的", "确认", "确定", "对"]);
const NO = new Set(["n", "no", "cancel", "否", "不", "不是", "取消", "算了"]);

/** Reads a reply as yes, no, a number, or none of these. */
export function readReply(text: string): { kind: "yes" } | { kind: "no" } | { kind: "number"; n: number } | null {
  const word = text.trim().toLowerCase().replace(/[。.!！]$/, "");
  if (YES.has(word)) return { kind: "yes" };
  if (NO.has(word)) return { kind: "no" };
  const digits = word.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return /^\d{1,2}$/.test(digits) ? { kind: "number", n: Number(digits) } : null;
}

export type PendingStore = ReturnType<typeof createPendingStore>;

/** Numbered choices and yes/no confirmations awaiting a person's reply in a conversation (30 min). */
export function createPendingStore(db: Database, now: () => Date) {
  const where = (conversation: ConversationRef, userId: string) =>
    db
      .selectFrom("pending_replies")
      .selectAll()
      .where("platform", "=", conversation.platform)
      .where("tenant_ref", "=", conversation.tenantId)
      .where("conversation_id", "=", conversation.conversationId)
      .where("user_id", "=", userId);

  return {
    async set(conversation: ConversationRef, userId: string, pending: PendingReply): Promise<void> {
      const expires = new Date(now().getTime() + PENDING_TTL_MS);
      await db
        .insertInto("pending_replies")
        .values({
          platform: conversation.platform,
          tenant_ref: conversation.tenantId,
          conversation_id: conversation.conversationId,
          user_id: userId,
          kind: pending.kind,
          payload: JSON.stringify(pending),
          expires_at: expires,
        })
        .onConflict((oc) =>
          oc.columns(["platform", "tenant_ref", "conversation_id", "user_id"]).doUpdateSet({
            kind: pending.kind,
            payload: JSON.stringify(pending),
            expires_at: expires,
          }),
        )
        .execute();
    },

    /** The live pending reply for this person (or for anyone) in the conversation. */
    async get(conversation: ConversationRef, userId: string): Promise<PendingReply | null> {
      for (const who of [userId, ANYONE]) {
        const row = await where(conversation, who).where("expires_at", ">", now()).executeTakeFirst();
        if (row) return row.payload as PendingReply;
      }
      return null;
    },

    async clear(conversation: ConversationRef, userId: string): Promise<void> {
      await db
        .deleteFrom("pending_replies")
        .where("platform", "=", conversation.platform)
        .where("tenant_ref", "=", conversation.tenantId)
        .where("conversation_id", "=", conversation.conversationId)
        .where("user_id", "=", userId)
        .execute();
    },

    async prune(): Promise<number> {
      const result = await db.deleteFrom("pending_replies").where("expires_at", "<=", now()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
