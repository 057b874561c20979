import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // One row per project: the last task number handed out. `insert … on conflict do update … returning` locks
  // the row, so concurrent `task add`s and imports get distinct numbers without retries.
  await db.schema
    .createTable("task_counters")
    .addColumn("project_id", "integer", (c) => c.primaryKey().references("projects.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("last_number", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("tasks")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("phase", "text")
    // Due: a project-local date, an optional project-local time, and the instant the task becomes overdue
    // (the time given, else the end of the due date in the project's time zone).
    .addColumn("due_date", "date")
    .addColumn("due_time", "text")
    .addColumn("due_at", "timestamptz")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("snoozed_until", "date")
    .addColumn("blocked_note", "text")
    .addColumn("created_by", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("done_at", "timestamptz")
    .addColumn("done_by", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addUniqueConstraint("tasks_project_number_uq", ["project_id", "number"])
    .addUniqueConstraint("tasks_project_key_uq", ["project_id", "key"])
    .addCheckConstraint("tasks_status_ck", sql`status in ('open','in_progress','blocked','done','cancelled')`)
    .addCheckConstraint("tasks_due_ck", sql`(due_date is null) = (due_at is null) and (due_time is null or due_date is not null)`)
    .execute();
  // The nag tick: active tasks by due date (done and cancelled ones, the bulk over time, are not in it).
  await sql`create index tasks_active_due_idx on tasks (due_date) where status in ('open','in_progress','blocked')`.execute(db);
  await db.schema.createIndex("tasks_project_phase_idx").on("tasks").columns(["project_id", "phase", "number"]).execute();

  await db.schema
    .createTable("task_assignments")
    .addColumn("task_id", "bigint", (c) => c.notNull().references("tasks.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("task_assignments_pk", ["task_id", "role", "person_id"])
    .addCheckConstraint("task_assignments_role_ck", sql`role in ('R','A','C','I')`)
    .execute();
  // Exactly one Accountable: at most one here, at least one (and at least one Responsible) in the service.
  await sql`create unique index task_assignments_one_a_uq on task_assignments (task_id) where role = 'A'`.execute(db);
  // "My tasks" and the nag tick's per-person lookups.
  await db.schema.createIndex("task_assignments_person_idx").on("task_assignments").columns(["person_id", "role", "task_id"]).execute();

  await db.schema
    .createTable("task_history")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("task_id", "bigint", (c) => c.notNull().references("tasks.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("changes", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("task_history_task_idx").on("task_history").columns(["task_id", "id"]).execute();

  // One-off messages a change owes someone (A told a task is blocked, I told it is done), sent by the tick
  // within the recipient's working hours.
  await db.schema
    .createTable("task_notices")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("task_id", "bigint", (c) => c.notNull().references("tasks.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("by_person_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addCheckConstraint("task_notices_kind_ck", sql`kind in ('blocked','done')`)
    .execute();
  await sql`create index task_notices_pending_idx on task_notices (created_at) where sent_at is null`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["task_notices", "task_history", "task_assignments", "tasks", "task_counters"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
