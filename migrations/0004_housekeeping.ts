import type { Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Lets the daily housekeeping find old claims without scanning the table. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex("claims_claimed_at_idx").on("claims").column("claimed_at").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("claims_claimed_at_idx").ifExists().execute();
}
