import type { Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A person's own end of the working day (`me hours 09:00-18:00`), beside the language, time zone and work start
 * they could already override (0001). Null: the team's. Goes with the person's row on erasure.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("people").addColumn("work_end", "text").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("people").dropColumn("work_end").execute();
}
