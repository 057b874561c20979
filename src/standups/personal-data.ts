import "./i18n.js";
import { sql } from "kysely";
import type { PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";

/**
 * Stand-up answers are the person's own words: exported, deleted on erasure, and blanked after the retention
 * (the run stays, so participation numbers keep their history). Blockers they raised stay for the team, under the
 * former member.
 */
export function standupsPersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const runs = await db
        .selectFrom("standup_runs")
        .innerJoin("teams", "teams.id", "standup_runs.team_id")
        .select(["teams.name as team", "standup_runs.local_date", "standup_runs.status", "standup_runs.answers", "standup_runs.answered_at", "standup_runs.late"])
        .where("standup_runs.tenant_id", "=", tenantId)
        .where("standup_runs.person_id", "=", personId)
        .orderBy("standup_runs.local_date")
        .execute();
      const blockers = await db.selectFrom("blockers").select(["key", "text", "opened_on", "resolved_on"]).where("tenant_id", "=", tenantId).where("owner_id", "=", personId).orderBy("opened_on").execute();
      return {
        ...(runs.length > 0 ? { standups: runs.map((r) => ({ team: r.team, date: r.local_date, status: r.status, answers: r.answers, answeredAt: r.answered_at, late: r.late })) } : {}),
        ...(blockers.length > 0 ? { blockersYouRaised: blockers.map((b) => ({ key: b.key, text: b.text, opened: b.opened_on, resolved: b.resolved_on })) } : {}),
      };
    },
    async erase(trx, subject) {
      const { tenantId, personId, formerMemberId } = subject;
      await trx.deleteFrom("standup_runs").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      await trx.updateTable("blockers").set({ owner_id: formerMemberId }).where("tenant_id", "=", tenantId).where("owner_id", "=", personId).execute();
      await trx.updateTable("blockers").set({ resolved_by: formerMemberId }).where("tenant_id", "=", tenantId).where("resolved_by", "=", personId).execute();
    },
    retention: [
      {
        kind: "standups.answers",
        labelKey: "standups.privacy.answers",
        defaultDays: 365,
        async purge(target, tenantId, before, limit) {
          const result = await sql`update standup_runs set answers = null where id in (
              select id from standup_runs where tenant_id = ${tenantId} and answers is not null and coalesce(answered_at, updated_at) < ${before} limit ${limit})`.execute(target);
          return Number(result.numAffectedRows ?? 0);
        },
      },
    ],
  };
}
