import type { Database } from "../db/database.js";
import type { PersonalData } from "./personal-data.js";

/** Replies awaited from a person (a yes/no, numbered choices): short-lived, forgotten with them. */
export function pendingPersonalData(db: Database): PersonalData {
  return {
    export: async () => ({}),
    async erase(trx, subject) {
      const identities = await trx.selectFrom("identities").select(["platform", "user_id"]).where("tenant_id", "=", subject.tenantId).where("person_id", "=", subject.personId).execute();
      for (const identity of identities) {
        await trx.deleteFrom("pending_replies").where("platform", "=", identity.platform).where("user_id", "=", identity.user_id).execute();
      }
    },
  };
}
