import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const person = "people.id";
/** One lock id for "creating pg_trgm": schemas migrated side by side (tests, replicas) would otherwise race on it. */
const TRGM_LOCK = 2_026_0023;

export async function up(db: AnyDb): Promise<void> {
  // pg_trgm lives in public, once per database: every schema's similarity search names public.similarity.
  await sql`select pg_advisory_xact_lock(${sql.lit(TRGM_LOCK)})`.execute(db);
  await sql`create extension if not exists pg_trgm with schema public`.execute(db);

  await db.schema
    .createTable("feedback_counters")
    .addColumn("project_id", "integer", (c) => c.primaryKey().references("projects.id").onDelete("cascade"))
    .addColumn("last_number", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("feedback_settings")
    .addColumn("project_id", "integer", (c) => c.primaryKey().references("projects.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("modules", "jsonb")
    .addColumn("reaction", "text")
    .addColumn("urgent_hours", "integer")
    .addColumn("other_days", "integer")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("feedback_items")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("type", "text")
    .addColumn("module", "text")
    .addColumn("priority", "text", (c) => c.notNull().defaultTo("normal"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("new"))
    // The person the feedback is from (null once they are erased: the item keeps its text, not its reporter).
    .addColumn("reporter_id", "integer", (c) => c.references(person).onDelete("set null"))
    // Who filed it when not the reporter (a reply or reaction on someone else's message).
    .addColumn("filed_by", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("owner_id", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("target_date", "date")
    .addColumn("duplicate_of", "bigint", (c) => c.references("feedback_items.id").onDelete("set null"))
    .addColumn("task_id", "bigint")
    .addColumn("task_key", "text")
    .addColumn("source", "text", (c) => c.notNull().defaultTo("command"))
    // conversation + platform message id of a captured message: one item per message, however often it is flagged.
    .addColumn("source_ref", "text")
    .addColumn("attachments", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("triaged_at", "timestamptz")
    // Set by a trigger when first triaged: later than the priority's target (what `feedback stats` counts as a breach).
    .addColumn("triaged_late", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("resolved_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("feedback_items_project_number_uq", ["project_id", "number"])
    .addCheckConstraint("feedback_items_status_ck", sql`status in ('new','triaged','in_progress','planned','resolved','wont_fix','needs_info','merged')`)
    .addCheckConstraint("feedback_items_priority_ck", sql`priority in ('urgent','high','normal','low')`)
    .execute();
  await sql`create unique index feedback_items_source_uq on feedback_items (project_id, source_ref) where source_ref is not null`.execute(db);
  // Lists by status, and `feedback stats`' untriaged breaches as an index-only scan.
  await sql`create index feedback_items_status_idx on feedback_items (project_id, status, created_at) include (type, module, priority)`.execute(db);
  await sql`create index feedback_items_task_idx on feedback_items (task_id) where task_id is not null`.execute(db);
  await rollup(db);
  // `feedback stats`: the latest triaged and resolved items, for the medians.
  await sql`create index feedback_items_triaged_idx on feedback_items (project_id, triaged_at) include (created_at, type, module, status) where triaged_at is not null`.execute(db);
  await sql`create index feedback_items_resolved_idx on feedback_items (project_id, resolved_at) include (created_at, type, module, status) where resolved_at is not null`.execute(db);
  await sql`create index feedback_items_reporter_idx on feedback_items (reporter_id)`.execute(db);
  // The duplicate search: the open items nearest in trigram distance (<->), walked in order by this GiST index, so a
  // project with many similar items costs a few index pages rather than a score for every match.
  await sql`create index feedback_items_text_trgm on feedback_items using gist (text public.gist_trgm_ops) where status not in ('resolved','wont_fix','merged')`.execute(db);

  // Everyone who said "me too" (and reporters of merged duplicates): each hears every change.
  await db.schema
    .createTable("feedback_followers")
    .addColumn("item_id", "bigint", (c) => c.notNull().references("feedback_items.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references(person).onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("added_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("feedback_followers_pk", ["item_id", "person_id"])
    .execute();
  await db.schema.createIndex("feedback_followers_person_idx").on("feedback_followers").column("person_id").execute();

  // The item's history; each row is one change, and its id keys the notices of it (never twice for the same change).
  await db.schema
    .createTable("feedback_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("item_id", "bigint", (c) => c.notNull().references("feedback_items.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // A change made inside another feature's transaction (a linked task done): told by the notice schedule.
    .addColumn("pending", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index feedback_events_pending_idx on feedback_events (id) where pending`.execute(db);
  await db.schema.createIndex("feedback_events_item_idx").on("feedback_events").columns(["item_id", "id"]).execute();

  // Group messages heard lately (text and author), so that a reaction or a reply that names only a message id can
  // file it with its text and its original author. Kept a few days (retention `feedback.heard`).
  await db.schema
    .createTable("feedback_heard")
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("conversation", "text", (c) => c.notNull())
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.notNull().references(person).onDelete("cascade"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("feedback_heard_pk", ["tenant_id", "conversation", "message_id"])
    .execute();
  await db.schema.createIndex("feedback_heard_message_idx").on("feedback_heard").columns(["tenant_id", "message_id"]).execute();
  await db.schema.createIndex("feedback_heard_at_idx").on("feedback_heard").columns(["tenant_id", "at"]).execute();

  await db.schema
    .createTable("feedback_releases")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("items", "jsonb", (c) => c.notNull())
    .addColumn("released_by", "integer", (c) => c.references(person).onDelete("set null"))
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("feedback_releases_name_uq", ["project_id", "name"])
    .execute();
}

/**
 * `feedback stats` at 100,000 items: counts per type × module × status (and late triage) kept by triggers in
 * feedback_rollup, so stats read a few hundred rows instead of scanning the project's items. The triggers live in
 * the database, so no write path (filing, triage, merge, a task's done, erasure) can forget them.
 */
async function rollup(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("feedback_rollup")
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("module", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("late", "boolean", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("feedback_rollup_pk", ["project_id", "type", "module", "status", "late"])
    .execute();
  await sql`create function feedback_late() returns trigger language plpgsql as $$
    declare hours int; days int;
    begin
      if new.triaged_at is not null and (tg_op = 'INSERT' or old.triaged_at is null) then
        select urgent_hours, other_days into hours, days from feedback_settings where project_id = new.project_id;
        new.triaged_late := new.triaged_at - new.created_at > case when new.priority = 'urgent' then make_interval(hours => coalesce(hours, 4)) else make_interval(days => coalesce(days, 2)) end;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger feedback_items_late before insert or update of triaged_at on feedback_items for each row execute function feedback_late()`.execute(db);
  await sql`create function feedback_rollup_count() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update feedback_rollup set n = n - 1 where project_id = old.project_id and type = coalesce(old.type, '') and module = coalesce(old.module, '') and status = old.status and late = old.triaged_late;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into feedback_rollup as r (project_id, type, module, status, late, n) values (new.project_id, coalesce(new.type, ''), coalesce(new.module, ''), new.status, new.triaged_late, 1)
        on conflict (project_id, type, module, status, late) do update set n = r.n + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger feedback_items_rollup after insert or delete or update of type, module, status, triaged_late on feedback_items for each row execute function feedback_rollup_count()`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop trigger if exists feedback_items_rollup on feedback_items`.execute(db);
  await sql`drop trigger if exists feedback_items_late on feedback_items`.execute(db);
  await sql`drop function if exists feedback_rollup_count()`.execute(db);
  await sql`drop function if exists feedback_late()`.execute(db);
  await db.schema.dropTable("feedback_rollup").ifExists().execute();
  for (const table of ["feedback_releases", "feedback_heard", "feedback_events", "feedback_followers", "feedback_items", "feedback_settings", "feedback_counters"]) await db.schema.dropTable(table).ifExists().execute();
}
