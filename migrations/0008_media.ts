import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Images sent in messages, stored once by content (an outbox row carries the sha256, not megabytes of base64), and
 * what each platform workspace answered to their upload, so that a retry or a second recipient does not upload again.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("media")
    .addColumn("sha256", "text", (c) => c.primaryKey())
    .addColumn("mime_type", "text", (c) => c.notNull())
    .addColumn("bytes", "bytea", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("media_uploads")
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("tenant_ref", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull().references("media.sha256").onDelete("cascade"))
    .addColumn("ref", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("media_uploads_pk", ["platform", "tenant_ref", "sha256"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("media_uploads").ifExists().execute();
  await db.schema.dropTable("media").ifExists().execute();
}
