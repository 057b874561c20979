import type { PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";

/**
 * A person's profile (with the language, time zone and working hours they set with `me …`) and platform identities.
 * Erasure deletes both (everything else has been handed to the former member by then), so the next message from that
 * platform account starts a new person.
 */
export function peoplePersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const person = await db.selectFrom("people").selectAll().where("tenant_id", "=", tenantId).where("id", "=", personId).executeTakeFirst();
      if (!person) return {};
      const identities = await db.selectFrom("identities").select(["platform", "user_id", "created_at"]).where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      return {
        profile: {
          name: person.display_name,
          email: person.email,
          mobile: person.mobile,
          language: person.locale,
          timeZone: person.timezone,
          workStart: person.work_start,
          workEnd: person.work_end,
          firstSeen: person.created_at,
        },
        chatAccounts: identities.map((i) => ({ platform: i.platform, userId: i.user_id, linkedAt: i.created_at })),
      };
    },
    async erase(trx, subject) {
      await trx.deleteFrom("identities").where("tenant_id", "=", subject.tenantId).where("person_id", "=", subject.personId).execute();
      await trx.deleteFrom("people").where("tenant_id", "=", subject.tenantId).where("id", "=", subject.personId).execute();
    },
  };
}
