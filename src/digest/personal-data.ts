import { sql } from "kysely";
import type { PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";
import "./i18n.js";

/**
 * What the digest keeps about a person: the web-report links handed to them (deleted on erasure) and the status
 * notes they set as PM (kept as the project's record, handed to the former member, their name scrubbed from the
 * note). The history holds numbers only, no person. Links are retained 14 days past their expiry by the purge below.
 */
export function digestPersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const links = await db
        .selectFrom("digest_links")
        .innerJoin("projects", "projects.id", "digest_links.project_id")
        .select(["projects.key as project", "digest_links.created_at", "digest_links.expires_at", "digest_links.revoked_at"])
        .where("digest_links.tenant_id", "=", tenantId)
        .where("digest_links.person_id", "=", personId)
        .orderBy("digest_links.id")
        .execute();
      const notes = await db
        .selectFrom("digest_status")
        .innerJoin("projects", "projects.id", "digest_status.project_id")
        .select(["projects.key as project", "digest_status.status", "digest_status.note", "digest_status.set_at"])
        .where("digest_status.tenant_id", "=", tenantId)
        .where("digest_status.set_by", "=", personId)
        .execute();
      return {
        ...(links.length > 0 ? { reportLinks: links } : {}),
        ...(notes.length > 0 ? { statusNotes: notes } : {}),
      };
    },
    async erase(trx, subject) {
      await trx.deleteFrom("digest_links").where("tenant_id", "=", subject.tenantId).where("person_id", "=", subject.personId).execute();
      await trx.updateTable("digest_status").set({ set_by: subject.formerMemberId }).where("tenant_id", "=", subject.tenantId).where("set_by", "=", subject.personId).execute();
      if (subject.displayName) {
        await sql`update digest_status set note = replace(note, ${subject.displayName}, ${subject.formerName}) where tenant_id = ${subject.tenantId} and strpos(note, ${subject.displayName}) > 0`.execute(trx);
      }
    },
    retention: [
      {
        kind: "digest.links",
        labelKey: "digest.privacy.links",
        defaultDays: 30,
        async purge(db, tenantId, before, limit) {
          const rows = await db.selectFrom("digest_links").select("id").where("tenant_id", "=", tenantId).where("expires_at", "<", before).limit(limit).execute();
          if (rows.length === 0) return 0;
          await db.deleteFrom("digest_links").where("id", "in", rows.map((r) => r.id)).execute();
          return rows.length;
        },
      },
    ],
  };
}
