import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("digest_status")
    .addColumn("project_id", "integer", (c) => c.primaryKey().references("projects.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('red', 'amber', 'green')`))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("set_by", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("set_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("digest_history")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("figures", "jsonb", (c) => c.notNull())
    .addUniqueConstraint("digest_history_period_uq", ["project_id", "period"])
    .execute();
  await db.schema.createIndex("digest_history_project_idx").on("digest_history").columns(["project_id", "sent_at"]).execute();

  await db.schema
    .createTable("digest_links")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("digest_links_person_idx").on("digest_links").columns(["project_id", "person_id"]).execute();

  // The digest's delivery figures read RACI tasks by project and done time / due date (50,000 tasks a project).
  await sql`create index if not exists tasks_project_done_idx on tasks (project_id, done_at) where status = 'done'`.execute(db);
  await sql`create index if not exists tasks_project_due_idx on tasks (project_id, due_date)`.execute(db);
  await sql`create index if not exists tasks_project_open_due_idx on tasks (project_id, due_at) where status in ('open', 'in_progress', 'blocked')`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists tasks_project_open_due_idx`.execute(db);
  await sql`drop index if exists tasks_project_due_idx`.execute(db);
  await sql`drop index if exists tasks_project_done_idx`.execute(db);
  await db.schema.dropTable("digest_links").ifExists().execute();
  await db.schema.dropTable("digest_history").ifExists().execute();
  await db.schema.dropTable("digest_status").ifExists().execute();
}
