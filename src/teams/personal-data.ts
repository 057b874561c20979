import type { PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";

/** Which teams a person is in. */
export function teamMembersPersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const rows = await db
        .selectFrom("team_members")
        .innerJoin("teams", "teams.id", "team_members.team_id")
        .select(["teams.name", "team_members.created_at"])
        .where("team_members.tenant_id", "=", tenantId)
        .where("team_members.person_id", "=", personId)
        .execute();
      return rows.length === 0 ? {} : { teams: rows.map((r) => ({ team: r.name, since: r.created_at })) };
    },
    async erase(trx, subject) {
      await trx.deleteFrom("team_members").where("tenant_id", "=", subject.tenantId).where("person_id", "=", subject.personId).execute();
    },
  };
}
