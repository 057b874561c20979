import type { PlatformId } from "../core/adapter.js";
import type { Database } from "../db/database.js";

/** Where a person's DMs go: a user on their tenant's own platform. */
export interface DirectTarget {
  platform: PlatformId;
  tenantRef: string;
  userId: string;
}

const CHUNK = 1000;

/**
 * Each person's DM target: their first identity on their tenant's platform. People never seen there (added by
 * email and not yet resolved, say) are left out. One query per thousand people, for fan-outs. With `tenantId`,
 * people of any other tenant are left out too.
 */
export async function findDirectTargets(db: Database, personIds: readonly number[], tenantId?: number): Promise<Map<number, DirectTarget>> {
  const out = new Map<number, DirectTarget>();
  const unique = [...new Set(personIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom("identities")
      .innerJoin("tenants", "tenants.id", "identities.tenant_id")
      .select(["identities.person_id", "tenants.platform", "tenants.external_id", "identities.user_id"])
      .where("identities.person_id", "in", unique.slice(i, i + CHUNK))
      .$if(tenantId !== undefined, (q) => q.where("identities.tenant_id", "=", tenantId ?? 0))
      .whereRef("identities.platform", "=", "tenants.platform")
      .orderBy("identities.id")
      .execute();
    for (const r of rows) if (!out.has(r.person_id)) out.set(r.person_id, { platform: r.platform as PlatformId, tenantRef: r.external_id, userId: r.user_id });
  }
  return out;
}
