import { DIRECT_SCOPE } from "../core/conversation-scope.js";
import type { Database } from "../db/database.js";

/** A guided conversation in progress: which feature holds it, and that feature's own state. */
export interface GuidedConversation {
  kind: string;
  state: unknown;
  expiresAt: Date;
}

export type GuidedConversationStore = ReturnType<typeof createGuidedConversationStore>;

/**
 * The guided conversation a person has with the bot (a stand-up asked one question at a time, a calendar to paste),
 * one per scope at a time: one in their DMs (DIRECT_SCOPE, the default) and one per group it was started in
 * (conversationScope of that group). Kept in the database so it survives restarts and works on every replica;
 * starting a new one in a scope replaces the old one there.
 */
export function createGuidedConversationStore(db: Database, now: () => Date) {
  return {
    async start(tenantId: number, personId: number, kind: string, state: unknown, expiresAt: Date, scope: string = DIRECT_SCOPE): Promise<void> {
      await db
        .insertInto("guided_conversations")
        .values({ tenant_id: tenantId, person_id: personId, scope, kind, state: JSON.stringify(state), expires_at: expiresAt, updated_at: now() })
        .onConflict((oc) => oc.columns(["tenant_id", "person_id", "scope"]).doUpdateSet({ kind, state: JSON.stringify(state), expires_at: expiresAt, updated_at: now() }))
        .execute();
    },

    /** The person's live conversation in `scope`, or null when there is none or it has expired. */
    async get(tenantId: number, personId: number, scope: string = DIRECT_SCOPE): Promise<GuidedConversation | null> {
      const row = await db
        .selectFrom("guided_conversations")
        .select(["kind", "state", "expires_at"])
        .where("tenant_id", "=", tenantId)
        .where("person_id", "=", personId)
        .where("scope", "=", scope)
        .where("expires_at", ">", now())
        .executeTakeFirst();
      return row ? { kind: row.kind, state: row.state, expiresAt: row.expires_at } : null;
    },

    /** Moves a conversation of this kind to its next state; false when it is gone (ended or replaced). */
    async update(tenantId: number, personId: number, kind: string, state: unknown, scope: string = DIRECT_SCOPE): Promise<boolean> {
      const result = await db
        .updateTable("guided_conversations")
        .set({ state: JSON.stringify(state), updated_at: now() })
        .where("tenant_id", "=", tenantId)
        .where("person_id", "=", personId)
        .where("scope", "=", scope)
        .where("kind", "=", kind)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Ends the person's conversation (only one of `kind` when given) in `scope`; in every scope when none is given. */
    async end(tenantId: number, personId: number, kind?: string, scope?: string): Promise<void> {
      let query = db.deleteFrom("guided_conversations").where("tenant_id", "=", tenantId).where("person_id", "=", personId);
      if (kind) query = query.where("kind", "=", kind);
      if (scope !== undefined) query = query.where("scope", "=", scope);
      await query.execute();
    },
  };
}
