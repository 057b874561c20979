import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Who holds a role across a tenant: every command asks whether the tenant has an admin and whether the asker is one
 * (src/context/lookup.ts, projects.isTenantAdmin), which without this index reads every membership of the tenant.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`create index memberships_tenant_role_idx on memberships (tenant_id, role, person_id)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("memberships_tenant_role_idx").ifExists().execute();
}
