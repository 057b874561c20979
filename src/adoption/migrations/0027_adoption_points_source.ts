import { sql, type Kysely } from "kysely";

// A deletion finds the points of the record it deletes (award and first-record bonus) by their source.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists adoption_points_source on adoption_points (project_id, source) where source is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists adoption_points_source`.execute(db);
}
