import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Lets the dispatcher find the delivery of a message the bot sent by the platform's message id (a reply to it, a
 * reaction on it): `sent_ref @> '{"parts":[{"messageId": …}]}'` uses this index (src/notify/sent-lookup.ts).
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`create index deliveries_sent_ref_idx on deliveries using gin (sent_ref jsonb_path_ops)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("deliveries_sent_ref_idx").ifExists().execute();
}
