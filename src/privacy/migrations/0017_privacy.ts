import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("privacy_retention")
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("days", "integer", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("privacy_retention_pk", ["tenant_id", "kind"])
    .execute();
  await db.schema
    .createTable("privacy_former_members")
    .addColumn("tenant_id", "integer", (c) => c.primaryKey().references("tenants.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("privacy_former_members").ifExists().execute();
  await db.schema.dropTable("privacy_retention").ifExists().execute();
}
