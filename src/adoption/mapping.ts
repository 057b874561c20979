import { sql } from "kysely";
import type { Database } from "../db/database.js";

export interface UnmappedUser {
  crmUser: string;
  events: number;
  lastSeen: Date;
}

/** CRM users and the people they are: found by e-mail or mobile when first seen, or mapped by an admin. */
export function createMapping(db: Database) {
  return {
    /** Maps (or re-maps) a CRM user to a person; true when the user had been seen. */
    async map(tenantId: number, crmUser: string, personId: number): Promise<boolean> {
      const before = await db.selectFrom("adoption_users").select("crm_user").where("tenant_id", "=", tenantId).where("crm_user", "=", crmUser).executeTakeFirst();
      await db
        .insertInto("adoption_users")
        .values({ tenant_id: tenantId, crm_user: crmUser, person_id: personId, mapped_by: "admin" })
        .onConflict((oc) => oc.columns(["tenant_id", "crm_user"]).doUpdateSet({ person_id: personId, mapped_by: "admin" }))
        .execute();
      return before !== undefined;
    },
    /** Tries e-mail and mobile again for unmapped users (people's addresses may have been added since). */
    async retry(tenantId: number): Promise<number> {
      const done = await sql`
        update adoption_users u set person_id = p.id, mapped_by = 'auto'
        from people p
        where u.tenant_id = ${tenantId} and u.person_id is null and p.tenant_id = ${tenantId} and (lower(p.email) = lower(u.crm_user) or p.mobile = u.crm_user)`.execute(db);
      return Number(done.numAffectedRows ?? 0);
    },
    /** Unmapped users with their event counts in the project, most active first. */
    async unmapped(tenantId: number, projectId: number, limit = 50): Promise<{ total: number; events: number; users: UnmappedUser[] }> {
      const rows = await sql<{ crm_user: string; events: number; last_seen: Date }>`
        select u.crm_user, count(e.event_id)::int as events, max(e.occurred_at) as last_seen
        from adoption_users u join adoption_events e on e.tenant_id = u.tenant_id and e.crm_user = u.crm_user and e.project_id = ${projectId}
        where u.tenant_id = ${tenantId} and u.person_id is null
        group by u.crm_user order by events desc, u.crm_user`.execute(db);
      return {
        total: rows.rows.length,
        events: rows.rows.reduce((n, r) => n + Number(r.events), 0),
        users: rows.rows.slice(0, limit).map((r) => ({ crmUser: r.crm_user, events: Number(r.events), lastSeen: new Date(r.last_seen) })),
      };
    },
  };
}

export type Mapping = ReturnType<typeof createMapping>;
