import type { PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";

/** Guided conversations in progress (a stand-up being answered): forgotten with the person. */
export function conversationsPersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const rows = await db.selectFrom("guided_conversations").select(["kind", "expires_at"]).where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      return rows.length === 0 ? {} : { conversationsInProgress: rows.map((r) => ({ kind: r.kind, expiresAt: r.expires_at })) };
    },
    async erase(trx, subject) {
      await trx.deleteFrom("guided_conversations").where("tenant_id", "=", subject.tenantId).where("person_id", "=", subject.personId).execute();
    },
  };
}
