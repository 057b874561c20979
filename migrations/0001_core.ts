import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("tenants")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("timezone", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("tenants_platform_external_uq", ["platform", "external_id"])
    .execute();

  await db.schema
    .createTable("people")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("mobile", "text")
    .addColumn("locale", "text")
    .addColumn("timezone", "text")
    .addColumn("work_start", "text")
    .addColumn("current_project_id", "integer")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index people_tenant_email_uq on people (tenant_id, lower(email)) where email is not null`.execute(db);
  await sql`create unique index people_tenant_mobile_uq on people (tenant_id, mobile) where mobile is not null`.execute(db);
  await db.schema.createIndex("people_tenant_idx").on("people").column("tenant_id").execute();

  await db.schema
    .createTable("identities")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("identities_user_uq", ["tenant_id", "platform", "user_id"])
    .execute();
  await db.schema.createIndex("identities_person_idx").on("identities").column("person_id").execute();

  await db.schema
    .createTable("projects")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("phase", "text", (c) => c.notNull())
    .addColumn("go_live_date", "date")
    .addColumn("timezone", "text", (c) => c.notNull())
    .addColumn("settings", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("projects_tenant_key_uq", ["tenant_id", "key"])
    .execute();
  await sql`alter table people add constraint people_current_project_fk foreign key (current_project_id) references projects(id) on delete set null`.execute(db);

  await db.schema
    .createTable("memberships")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("memberships_uq", ["project_id", "person_id", "role"])
    .addCheckConstraint("memberships_role_ck", sql`role in ('sponsor','pm','key_user','admin','member','consultant')`)
    .execute();
  await db.schema.createIndex("memberships_person_idx").on("memberships").column("person_id").execute();

  await db.schema
    .createTable("teams")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("timezone", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("work_start", "text", (c) => c.notNull().defaultTo("09:00"))
    .addColumn("work_end", "text", (c) => c.notNull().defaultTo("18:00"))
    .addColumn("calendar", "text", (c) => c.notNull())
    .addColumn("home_conversation", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index teams_project_name_uq on teams (project_id, lower(name))`.execute(db);

  await db.schema
    .createTable("team_members")
    .addColumn("team_id", "integer", (c) => c.notNull().references("teams.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("team_members_pk", ["team_id", "person_id"])
    .execute();
  await db.schema.createIndex("team_members_person_idx").on("team_members").column("person_id").execute();

  await db.schema
    .createTable("deliveries")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.references("tenants.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("target", "jsonb", (c) => c.notNull())
    .addColumn("message", "jsonb", (c) => c.notNull())
    .addColumn("reply", "jsonb")
    .addColumn("person_id", "integer")
    .addColumn("edit_of", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_error", "text")
    .addColumn("sent_ref", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addCheckConstraint("deliveries_status_ck", sql`status in ('pending','sending','sent','failed','cancelled')`)
    .execute();
  await sql`create index deliveries_due_idx on deliveries (next_at) where status in ('pending','sending')`.execute(db);

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("person_id", "integer")
    .addColumn("project_id", "integer")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("conversation", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("audit_log_tenant_time_idx").on("audit_log").columns(["tenant_id", "created_at"]).execute();

  await db.schema
    .createTable("inbound_keys")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("inbound_keys_time_idx").on("inbound_keys").column("received_at").execute();

  await db.schema
    .createTable("pending_replies")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("tenant_ref", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("pending_replies_uq", ["platform", "tenant_ref", "conversation_id", "user_id"])
    .addCheckConstraint("pending_replies_kind_ck", sql`kind in ('choices','confirm')`)
    .execute();

  await db.schema
    .createTable("claims")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("claimed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("scheduler_state")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("last_at", "timestamptz", (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["scheduler_state", "claims", "pending_replies", "inbound_keys", "audit_log", "deliveries", "team_members", "teams", "memberships"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`alter table people drop constraint if exists people_current_project_fk`.execute(db);
  for (const table of ["projects", "identities", "people", "tenants"]) await db.schema.dropTable(table).ifExists().execute();
}
