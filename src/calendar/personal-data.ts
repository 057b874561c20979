import type { PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";

/** A person's leave, and the calendars they imported (which stay, imported by the former member). */
export function calendarPersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const leave = await db.selectFrom("leave_ranges").select(["from_date", "to_date", "created_at"]).where("tenant_id", "=", tenantId).where("person_id", "=", personId).orderBy("from_date").execute();
      const imported = await db.selectFrom("calendars").select(["id", "name", "updated_at"]).where("tenant_id", "=", tenantId).where("imported_by", "=", personId).execute();
      return {
        ...(leave.length > 0 ? { leave: leave.map((l) => ({ from: l.from_date, to: l.to_date, recordedAt: l.created_at })) } : {}),
        ...(imported.length > 0 ? { calendarsYouImported: imported.map((c) => ({ calendar: c.id, name: c.name, at: c.updated_at })) } : {}),
      };
    },
    async erase(trx, subject) {
      await trx.deleteFrom("leave_ranges").where("tenant_id", "=", subject.tenantId).where("person_id", "=", subject.personId).execute();
      await trx.updateTable("calendars").set({ imported_by: subject.formerMemberId }).where("tenant_id", "=", subject.tenantId).where("imported_by", "=", subject.personId).execute();
    },
  };
}
