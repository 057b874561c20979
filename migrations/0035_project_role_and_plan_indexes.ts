import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * - Who holds a role in one project (`projects.members(…, role)`: the sponsors of a digest, the PMs to notify): the
 *   people holding it, not every membership of a project with thousands of members.
 * - A project's tasks by due date and number with their status (replacing 0024's index on project and due date):
 *   the digest's "planned this week" lists its first 500 in this order and counts them, and the done ones among
 *   them, from the index alone.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`create index if not exists memberships_project_role_idx on memberships (project_id, role, person_id)`.execute(db);
  await sql`create index if not exists tasks_project_due_number_idx on tasks (project_id, due_date, number) include (status)`.execute(db);
  await sql`drop index if exists tasks_project_due_idx`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`create index if not exists tasks_project_due_idx on tasks (project_id, due_date)`.execute(db);
  await sql`drop index if exists tasks_project_due_number_idx`.execute(db);
  await sql`drop index if exists memberships_project_role_idx`.execute(db);
}
