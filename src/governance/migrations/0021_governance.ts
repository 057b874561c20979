import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const person = "people.id";

export async function up(db: AnyDb): Promise<void> {
  // The last number handed out per project and kind (R-1 …, CR-1 …), locked by `insert … on conflict … returning`.
  await db.schema
    .createTable("governance_counters")
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("last_number", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("governance_counters_pk", ["project_id", "kind"])
    .execute();

  await db.schema
    .createTable("risks")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("impact", "integer", (c) => c.notNull())
    .addColumn("likelihood", "integer", (c) => c.notNull())
    .addColumn("plan", "text")
    .addColumn("owner_id", "integer", (c) => c.notNull().references(person))
    .addColumn("raised_by", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("reviewed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // Escalated to the sponsor: waiting for a decision until decided_at is set.
    .addColumn("escalated_at", "timestamptz")
    .addColumn("escalated_by", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("decision", "text")
    .addColumn("decided_by", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_reason", "text")
    .addColumn("closed_at", "timestamptz")
    .addColumn("closed_by", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("close_reason", "text")
    .addUniqueConstraint("risks_project_number_uq", ["project_id", "number"])
    .addCheckConstraint("risks_levels_ck", sql`impact between 1 and 3 and likelihood between 1 and 3`)
    .addCheckConstraint("risks_status_ck", sql`status in ('open','closed')`)
    .addCheckConstraint("risks_decision_ck", sql`decision is null or decision in ('accept','mitigate')`)
    .execute();
  await sql`create index risks_open_idx on risks (project_id) where status = 'open'`.execute(db);

  // What happened to a risk: raised, updated, reviewed (with a note), escalated, decided, closed, task.
  await db.schema
    .createTable("risk_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("risk_id", "bigint", (c) => c.notNull().references("risks.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("risk_events_risk_idx").on("risk_events").columns(["risk_id", "id"]).execute();

  await db.schema
    .createTable("change_requests")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("impact_days", "integer", (c) => c.notNull())
    .addColumn("impact_cost", "numeric", (c) => c.notNull())
    .addColumn("impact_scope", "text", (c) => c.notNull())
    .addColumn("requested_by", "integer", (c) => c.notNull().references(person))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // submitted → reviewed (the PM's recommendation) → approved | rejected | deferred (the sponsor's decision).
    .addColumn("status", "text", (c) => c.notNull().defaultTo("submitted"))
    .addColumn("recommendation", "text")
    .addColumn("review_note", "text")
    .addColumn("reviewed_by", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("reviewed_at", "timestamptz")
    // A person the PM named to decide besides the sponsors.
    .addColumn("decider_id", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("decided_by", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_reason", "text")
    .addUniqueConstraint("change_requests_project_number_uq", ["project_id", "number"])
    .addCheckConstraint("change_requests_status_ck", sql`status in ('submitted','reviewed','approved','rejected','deferred')`)
    .addCheckConstraint("change_requests_recommendation_ck", sql`recommendation is null or recommendation in ('defer','recommend','reject')`)
    .execute();

  // Tasks made from a governance item (a risk, a change request, a meeting action): RACI owns the task itself.
  await db.schema
    .createTable("governance_tasks")
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("item", "text", (c) => c.notNull())
    .addColumn("task_id", "bigint", (c) => c.notNull())
    .addColumn("task_key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("governance_tasks_pk", ["project_id", "item", "task_id"])
    .execute();

  await db.schema
    .createTable("meeting_settings")
    .addColumn("project_id", "integer", (c) => c.primaryKey().references("projects.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("weekday", "integer", (c) => c.notNull())
    .addColumn("time", "text", (c) => c.notNull())
    .addColumn("conversation", "jsonb", (c) => c.notNull())
    .addColumn("set_by", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("meeting_settings_weekday_ck", sql`weekday between 1 and 7`)
    .execute();

  // One row per meeting held (or being held): the project and its local date.
  await db.schema
    .createTable("meetings")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("date", "date", (c) => c.notNull())
    .addColumn("notes_posted_at", "timestamptz")
    .addUniqueConstraint("meetings_project_date_uq", ["project_id", "date"])
    .execute();

  // An action (a RACI task) or a decision taken in a meeting.
  await db.schema
    .createTable("meeting_items")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("meeting_id", "bigint", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("task_key", "text")
    // An action's Responsible and due date, as the minutes show them.
    .addColumn("person_id", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("due", "text")
    .addColumn("created_by", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("meeting_items_kind_ck", sql`kind in ('action','decision')`)
    .execute();

  await db.schema
    .createTable("meeting_attendance")
    .addColumn("meeting_id", "bigint", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references(person).onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("meeting_attendance_pk", ["meeting_id", "person_id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["meeting_attendance", "meeting_items", "meetings", "meeting_settings", "governance_tasks", "change_requests", "risk_events", "risks", "governance_counters"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
