import { sql, type Kysely } from "kysely";

/**
 * Every award is one row in adoption_points, so each of its indexes is paid on every ingested event that scores.
 * One index (project, day, CRM user, kind) now serves both the day ranges the boards and `adoption me` read and the
 * daily cap per person and type (all four equal), instead of (project, day) and (project, CRM user, kind, day); and a
 * deletion finds the points it reverses by their ref (the award `c:…` and its bonus `f:…`), so the index on source
 * (migration 0027) goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists adoption_points_day_cap on adoption_points (project_id, day, crm_user, kind)`.execute(db);
  await sql`drop index if exists adoption_points_project_day`.execute(db);
  await sql`drop index if exists adoption_points_cap`.execute(db);
  await sql`drop index if exists adoption_points_source`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists adoption_points_source on adoption_points (project_id, source) where source is not null`.execute(db);
  await sql`create index if not exists adoption_points_cap on adoption_points (project_id, crm_user, kind, day)`.execute(db);
  await sql`create index if not exists adoption_points_project_day on adoption_points (project_id, day)`.execute(db);
  await sql`drop index if exists adoption_points_day_cap`.execute(db);
}
