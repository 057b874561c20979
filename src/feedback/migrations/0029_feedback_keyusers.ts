import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Key users (超级用户) per module: the PM names the people who triage a module's feedback first; its untriaged items
 * remind them before the project's key users and the PM. Rows go with the project, the module's removal (by the
 * flow) and the person's erasure. Also, for speed at 100,000 items: the stats rollup's storage settings and the
 * duplicate search's index (below).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("feedback_module_keyusers")
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("tenant_id", "integer", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("module", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("added_by", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("added_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("feedback_module_keyusers_pk", ["project_id", "module", "person_id"])
    .execute();
  // `feedback stats` reads the rollup, which every filing and status change updates: room on each page for the new
  // version (a HOT update, no new index entry) and a vacuum after a few hundred dead rows instead of 20% of a
  // table this small keep its read at a few pages under steady filing, where it had grown to thousands.
  await sql`alter table feedback_rollup set (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 200)`.execute(db);
  // The duplicate search's GiST index with 64-byte trigram signatures instead of pg_trgm's default 12: a feedback text
  // has tens of trigrams, which saturate 96 bits, so the nearest-neighbour walk could prune little and read many pages
  // (at 100,000 items: 14 → 3 ms for a text sharing one phrase with many, 33 → 9 ms for a text like none).
  await sql`drop index if exists feedback_items_text_trgm`.execute(db);
  await sql`create index feedback_items_text_trgm on feedback_items using gist (text public.gist_trgm_ops(siglen = 64)) where status not in ('resolved','wont_fix','merged')`.execute(db);
  await db.schema.createIndex("feedback_module_keyusers_person_idx").on("feedback_module_keyusers").columns(["tenant_id", "person_id"]).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists feedback_items_text_trgm`.execute(db);
  await sql`create index feedback_items_text_trgm on feedback_items using gist (text public.gist_trgm_ops) where status not in ('resolved','wont_fix','merged')`.execute(db);
  await sql`alter table feedback_rollup reset (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`.execute(db);
  await db.schema.dropTable("feedback_module_keyusers").ifExists().execute();
}
