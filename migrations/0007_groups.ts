import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Groups the bot creates (a go-live war room), one per idempotency key. The outbox row with the same key drives the
 * creation; this row keeps what must outlive it: the platform's ref, stored before members are added.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("groups")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("spec", "jsonb", (c) => c.notNull())
    .addColumn("welcome", "jsonb")
    .addColumn("conversation", "jsonb")
    .addColumn("members_added_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("groups").ifExists().execute();
}
