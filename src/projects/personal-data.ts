import { t } from "../core/i18n.js";
import type { PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";

/** A person's roles in projects. A project's last admin cannot be erased until someone else holds the role. */
export function membershipsPersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const rows = await db
        .selectFrom("memberships")
        .innerJoin("projects", "projects.id", "memberships.project_id")
        .select(["projects.key", "projects.name", "memberships.role", "memberships.created_at"])
        .where("memberships.tenant_id", "=", tenantId)
        .where("memberships.person_id", "=", personId)
        .orderBy("memberships.created_at")
        .execute();
      return rows.length === 0 ? {} : { projectRoles: rows.map((r) => ({ project: r.name, projectKey: r.key, role: r.role, since: r.created_at })) };
    },
    async erase(trx, subject) {
      await trx.deleteFrom("memberships").where("tenant_id", "=", subject.tenantId).where("person_id", "=", subject.personId).execute();
    },
    async holds(tenantId, personId, locale) {
      const adminOf = await db
        .selectFrom("memberships")
        .innerJoin("projects", "projects.id", "memberships.project_id")
        .select(["memberships.project_id", "projects.name"])
        .where("memberships.tenant_id", "=", tenantId)
        .where("memberships.person_id", "=", personId)
        .where("memberships.role", "=", "admin")
        .execute();
      const holds: string[] = [];
      for (const project of adminOf) {
        const others = await db
          .selectFrom("memberships")
          .select("person_id")
          .where("project_id", "=", project.project_id)
          .where("role", "=", "admin")
          .where("person_id", "!=", personId)
          .limit(1)
          .execute();
        if (others.length === 0) holds.push(t(locale, "privacy_holds.last_admin", { project: project.name }));
      }
      return holds;
    },
  };
}
