import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // Working-day calendars a tenant imported (`calendar import`); the files under calendars/ are the defaults.
  await db.schema
    .createTable("calendars")
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addColumn("imported_by", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("calendars_pk", ["tenant_id", "id"])
    .execute();

  await db.schema
    .createTable("leave_ranges")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("from_date", "date", (c) => c.notNull())
    .addColumn("to_date", "date", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("leave_ranges_order_ck", sql`from_date <= to_date`)
    .execute();
  await db.schema.createIndex("leave_ranges_person_idx").on("leave_ranges").columns(["tenant_id", "person_id", "to_date"]).execute();

  await db.schema
    .createTable("standup_configs")
    .addColumn("team_id", "integer", (c) => c.primaryKey().references("teams.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("questions", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("days", "jsonb", (c) => c.notNull().defaultTo(sql`'[1,2,3,4,5]'::jsonb`))
    .addColumn("prompt_time", "text", (c) => c.notNull().defaultTo("09:30"))
    .addColumn("close_time", "text", (c) => c.notNull().defaultTo("11:00"))
    .addColumn("reminder_minutes", "integer", (c) => c.defaultTo(30))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("standup_configs_window_ck", sql`prompt_time < close_time`)
    .execute();

  await db.schema
    .createTable("standup_runs")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("team_id", "integer", (c) => c.notNull().references("teams.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("local_date", "date", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("answers", "jsonb")
    .addColumn("late", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("prompted_at", "timestamptz")
    .addColumn("answered_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("standup_runs_uq", ["team_id", "person_id", "local_date"])
    .addCheckConstraint("standup_runs_status_ck", sql`status in ('prompted','answered','skipped','away')`)
    .execute();
  await db.schema.createIndex("standup_runs_team_date_idx").on("standup_runs").columns(["team_id", "local_date"]).execute();

  await db.schema
    .createTable("standup_summaries")
    .addColumn("team_id", "integer", (c) => c.notNull().references("teams.id").onDelete("cascade"))
    .addColumn("local_date", "date", (c) => c.notNull())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("delivery_key", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("posted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("standup_summaries_pk", ["team_id", "local_date"])
    .execute();

  await db.schema
    .createTable("blockers")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("team_id", "integer", (c) => c.references("teams.id").onDelete("set null"))
    .addColumn("owner_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("run_id", "bigint", (c) => c.references("standup_runs.id").onDelete("set null"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("opened_on", "date", (c) => c.notNull())
    .addColumn("resolved_on", "date")
    .addColumn("resolved_by", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("flagged_at", "timestamptz")
    .addColumn("task_key", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("blockers_project_number_uq", ["project_id", "number"])
    .addUniqueConstraint("blockers_project_key_uq", ["project_id", "key"])
    .execute();
  await sql`create index blockers_open_idx on blockers (project_id) where resolved_on is null`.execute(db);
  await sql`create unique index blockers_run_uq on blockers (run_id) where run_id is not null`.execute(db);

  // A guided DM conversation (one question at a time, a pasted calendar): kept here so it survives restarts.
  await db.schema
    .createTable("guided_conversations")
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("guided_conversations_pk", ["tenant_id", "person_id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["guided_conversations", "blockers", "standup_summaries", "standup_runs", "standup_configs", "leave_ranges", "calendars"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
