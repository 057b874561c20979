import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("adoption_tokens")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    // sha256 of the token: the token itself is shown once and never stored.
    .addColumn("hash", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addUniqueConstraint("adoption_tokens_number_uq", ["project_id", "number"])
    .execute();

  // Only what the rules read: completeness is decided at ingest, the field lists are not kept.
  await db.schema
    .createTable("adoption_events")
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("crm_user", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("object", "text")
    .addColumn("record_id", "text")
    .addColumn("complete", "boolean", (c) => c.notNull())
    .addColumn("related_at", "timestamptz")
    .addColumn("day", "date", (c) => c.notNull())
    .addPrimaryKeyConstraint("adoption_events_pk", ["tenant_id", "event_id"])
    .execute();
  await sql`create index adoption_events_project_day on adoption_events (project_id, day)`.execute(db);
  await sql`create index adoption_events_user on adoption_events (tenant_id, crm_user)`.execute(db);

  await db.schema
    .createTable("adoption_users")
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("crm_user", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.references("people.id").onDelete("cascade"))
    .addColumn("mapped_by", "text", (c) => c.notNull().defaultTo("none"))
    .addColumn("first_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("adoption_users_pk", ["tenant_id", "crm_user"])
    .execute();
  await sql`create index adoption_users_person on adoption_users (person_id) where person_id is not null`.execute(db);

  // CRM points carry the CRM user (mapped to a person when read, so a later mapping credits them); the bot's own
  // (kudos, stand-ups, tasks) carry the person. `ref` makes every award once; `source` ties a record's points to it.
  await db.schema
    .createTable("adoption_points")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("crm_user", "text")
    .addColumn("person_id", "integer", (c) => c.references("people.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("object", "text")
    .addColumn("ref", "text", (c) => c.notNull())
    .addColumn("source", "text")
    .addColumn("points", "integer", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("day", "date", (c) => c.notNull())
    .addUniqueConstraint("adoption_points_ref_uq", ["project_id", "ref"])
    .execute();
  await sql`create index adoption_points_project_day on adoption_points (project_id, day)`.execute(db);
  await sql`create index adoption_points_cap on adoption_points (project_id, crm_user, kind, day)`.execute(db);
  await sql`create index adoption_points_person on adoption_points (person_id) where person_id is not null`.execute(db);

  await db.schema
    .createTable("adoption_kudos")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    // null once the giver is erased: the thanks stays with the receiver, anonymous.
    .addColumn("giver_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("receiver_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("day", "date", (c) => c.notNull())
    .execute();
  await sql`create index adoption_kudos_giver_day on adoption_kudos (giver_id, day)`.execute(db);

  await db.schema
    .createTable("adoption_optouts")
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("adoption_optouts_pk", ["tenant_id", "person_id"])
    .execute();

  // A task marked done, heard inside RACI's transaction; settled (on time or not) afterwards through RACI's read API.
  await db.schema
    .createTable("adoption_task_done")
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("task_id", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("done_at", "timestamptz", (c) => c.notNull())
    .addColumn("settled", "boolean", (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint("adoption_task_done_pk", ["task_id", "person_id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["adoption_task_done", "adoption_optouts", "adoption_kudos", "adoption_points", "adoption_users", "adoption_events", "adoption_tokens"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
