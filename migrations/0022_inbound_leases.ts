import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * An inbound delivery key is now claimed with a lease and marked done only once the event has run: an event whose
 * run failed part-way (the database went away) is run again by its job's retry instead of being taken for a
 * duplicate. Keys claimed before this migration ran to the end, so they are `done`.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("inbound_keys").addColumn("state", "text", (c) => c.notNull().defaultTo("done")).execute();
  await db.schema.alterTable("inbound_keys").addColumn("lease_until", "timestamptz").execute();
  await sql`ALTER TABLE inbound_keys ADD CONSTRAINT inbound_keys_state_check CHECK (state IN ('running', 'done'))`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`ALTER TABLE inbound_keys DROP CONSTRAINT inbound_keys_state_check`.execute(db);
  await db.schema.alterTable("inbound_keys").dropColumn("lease_until").execute();
  await db.schema.alterTable("inbound_keys").dropColumn("state").execute();
}
