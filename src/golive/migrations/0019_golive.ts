import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const tenant = (c: any) => c.notNull().references("tenants.id").onDelete("cascade"); // eslint-disable-line @typescript-eslint/no-explicit-any
const project = (c: any) => c.notNull().references("projects.id").onDelete("cascade"); // eslint-disable-line @typescript-eslint/no-explicit-any
const personSetNull = (c: any) => c.references("people.id").onDelete("set null"); // eslint-disable-line @typescript-eslint/no-explicit-any
const person = (c: any) => c.notNull().references("people.id").onDelete("cascade"); // eslint-disable-line @typescript-eslint/no-explicit-any
const now = (c: any) => c.notNull().defaultTo(sql`now()`); // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: AnyDb): Promise<void> {
  // A gate item is a RACI task; this row says which category of the go-live checklist it belongs to and holds its evidence.
  await db.schema
    .createTable("golive_gates")
    .addColumn("task_id", "bigint", (c) => c.primaryKey().references("tasks.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("project_id", "integer", project)
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("evidence", "text")
    .addColumn("evidence_by", "integer", personSetNull)
    .addColumn("evidence_at", "timestamptz")
    .addColumn("created_at", "timestamptz", now)
    .execute();
  await db.schema.createIndex("golive_gates_project_idx").on("golive_gates").columns(["project_id", "category"]).execute();

  await db.schema
    .createTable("golive_approvers")
    .addColumn("project_id", "integer", project)
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("person_id", "integer", person)
    .addColumn("added_by", "integer", personSetNull)
    .addColumn("added_at", "timestamptz", now)
    .addPrimaryKeyConstraint("golive_approvers_pk", ["project_id", "person_id"])
    .execute();

  // One go/no-go round (GO-1 …): asked, voted on, decided; the override is the sponsor's written reason to go with gates open.
  await db.schema
    .createTable("golive_rounds")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("project_id", "integer", project)
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("asked_by", "integer", personSetNull)
    .addColumn("asked_at", "timestamptz", now)
    .addColumn("gates_open", "integer", (c) => c.notNull())
    .addColumn("gates_total", "integer", (c) => c.notNull())
    .addColumn("override_reason", "text")
    .addColumn("override_by", "integer", personSetNull)
    .addColumn("override_at", "timestamptz")
    .addColumn("decided_at", "timestamptz")
    .addColumn("new_date", "date")
    .addUniqueConstraint("golive_rounds_number_uq", ["project_id", "number"])
    .addCheckConstraint("golive_rounds_status_ck", sql`status in ('open','go','nogo')`)
    .execute();
  await sql`create unique index golive_rounds_one_open_uq on golive_rounds (project_id) where status = 'open'`.execute(db);

  await db.schema
    .createTable("golive_votes")
    .addColumn("round_id", "bigint", (c) => c.notNull().references("golive_rounds.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("person_id", "integer", person)
    .addColumn("vote", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("new_date", "date")
    .addColumn("at", "timestamptz", now)
    .addPrimaryKeyConstraint("golive_votes_pk", ["round_id", "person_id"])
    .addCheckConstraint("golive_votes_vote_ck", sql`vote in ('go','nogo')`)
    .execute();

  await db.schema
    .createTable("warrooms")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("project_id", "integer", project)
    .addColumn("group_key", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("opened_by", "integer", personSetNull)
    .addColumn("opened_at", "timestamptz", now)
    .addColumn("cadence_minutes", "integer", (c) => c.notNull().defaultTo(60))
    .addColumn("conditions", "text")
    .addColumn("actions", "text")
    .addColumn("needs", "text")
    .addColumn("updated_at", "timestamptz")
    // "Remind me in 30 min": the commander's next update reminder, overriding the cadence once.
    .addColumn("remind_at", "timestamptz")
    .addColumn("card_version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("hypercare_until", "date")
    .addColumn("closed_by", "integer", personSetNull)
    .addColumn("closed_at", "timestamptz")
    .addCheckConstraint("warrooms_status_ck", sql`status in ('open','hypercare','closed')`)
    .execute();
  // Exactly one war room per go-live: a second open is refused by the database as well as by the flow.
  await sql`create unique index warrooms_one_live_uq on warrooms (project_id) where status <> 'closed'`.execute(db);

  await db.schema
    .createTable("warroom_roles")
    .addColumn("warroom_id", "bigint", (c) => c.notNull().references("warrooms.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", person)
    .addColumn("assigned_by", "integer", personSetNull)
    .addColumn("assigned_at", "timestamptz", now)
    .addPrimaryKeyConstraint("warroom_roles_pk", ["warroom_id", "role"])
    .execute();

  await db.schema
    .createTable("warroom_issues")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("warroom_id", "bigint", (c) => c.notNull().references("warrooms.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("severity", "integer")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("raised_by", "integer", personSetNull)
    .addColumn("owner_id", "integer", personSetNull)
    .addColumn("created_at", "timestamptz", now)
    .addColumn("target_at", "timestamptz")
    .addColumn("resolved_by", "integer", personSetNull)
    .addColumn("resolved_at", "timestamptz")
    .addUniqueConstraint("warroom_issues_number_uq", ["warroom_id", "number"])
    .addCheckConstraint("warroom_issues_sev_ck", sql`severity is null or severity between 1 and 4`)
    .addCheckConstraint("warroom_issues_status_ck", sql`status in ('open','resolved')`)
    .execute();
  await sql`create index warroom_issues_open_target_idx on warroom_issues (target_at) where status = 'open'`.execute(db);

  await db.schema
    .createTable("warroom_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("warroom_id", "bigint", (c) => c.notNull().references("warrooms.id").onDelete("cascade"))
    .addColumn("at", "timestamptz", now)
    .addColumn("person_id", "integer", personSetNull)
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("warroom_events_room_idx").on("warroom_events").columns(["warroom_id", "at"]).execute();

  await db.schema
    .createTable("rollback_plans")
    .addColumn("project_id", "integer", (c) => c.primaryKey().references("projects.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("triggers", "text", (c) => c.notNull())
    .addColumn("steps", "text", (c) => c.notNull())
    .addColumn("point_of_no_return", "timestamptz", (c) => c.notNull())
    .addColumn("set_by", "integer", personSetNull)
    .addColumn("set_at", "timestamptz", now)
    .execute();

  await db.schema
    .createTable("rollback_deciders")
    .addColumn("project_id", "integer", project)
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("person_id", "integer", person)
    .addPrimaryKeyConstraint("rollback_deciders_pk", ["project_id", "person_id"])
    .execute();

  // A rollback proposal and its decision: permanent (erasure hands the people in it to the former member).
  await db.schema
    .createTable("rollback_proposals")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("project_id", "integer", project)
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("proposed_by", "integer", personSetNull)
    .addColumn("proposed_at", "timestamptz", now)
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("decided_by", "integer", personSetNull)
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_reason", "text")
    .addColumn("override_reason", "text")
    .addUniqueConstraint("rollback_proposals_number_uq", ["project_id", "number"])
    .addCheckConstraint("rollback_proposals_status_ck", sql`status in ('open','rollback','continue')`)
    .execute();

  // Once a rollback is decided, each step of the plan becomes a RACI task, tracked like the gates.
  await db.schema
    .createTable("rollback_steps")
    .addColumn("task_id", "bigint", (c) => c.primaryKey().references("tasks.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", tenant)
    .addColumn("project_id", "integer", project)
    .addColumn("proposal_id", "bigint", (c) => c.notNull().references("rollback_proposals.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["rollback_steps", "rollback_proposals", "rollback_deciders", "rollback_plans", "warroom_events", "warroom_issues", "warroom_roles", "warrooms", "golive_votes", "golive_rounds", "golive_approvers", "golive_gates"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
