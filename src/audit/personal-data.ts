import { sql } from "kysely";
import { scrubJsonColumn, type PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";

/** The audit log: what a person did stays on record, under the former member and without their name. */
export function auditPersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const rows = await db
        .selectFrom("audit_log")
        .select(["action", "outcome", "created_at"])
        .where("tenant_id", "=", tenantId)
        .where("person_id", "=", personId)
        .orderBy("created_at")
        .execute();
      return rows.length === 0 ? {} : { yourActions: rows.map((r) => ({ action: r.action, outcome: r.outcome, at: r.created_at })) };
    },
    async erase(trx, subject) {
      await trx.updateTable("audit_log").set({ person_id: subject.formerMemberId }).where("tenant_id", "=", subject.tenantId).where("person_id", "=", subject.personId).execute();
      await scrubJsonColumn(trx, "audit_log", "details", subject);
    },
    retention: [
      {
        kind: "audit.log",
        labelKey: "privacy_kinds.audit_log",
        defaultDays: 3 * 365,
        async purge(target, tenantId, before, limit) {
          const result = await sql`delete from audit_log where id in (select id from audit_log where tenant_id = ${tenantId} and created_at < ${before} limit ${limit})`.execute(target);
          return Number(result.numAffectedRows ?? 0);
        },
      },
    ],
  };
}
