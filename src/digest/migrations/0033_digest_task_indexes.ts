import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The digest's counts over a 50,000-task project read indexes, not rows:
 * - escalated tasks (the decisions a sponsor must take) are counted over the open tasks by project and due date, with
 *   the due time and the snooze in the index, and the overdue list walks the same index in due-date order;
 * - blocked tasks (delivery's blockers) by project, instead of every task of every project.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`create index if not exists tasks_project_open_due_date_idx on tasks (project_id, due_date) include (due_at, snoozed_until) where status in ('open', 'in_progress', 'blocked')`.execute(db);
  await sql`create index if not exists tasks_project_blocked_idx on tasks (project_id) where status = 'blocked'`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists tasks_project_blocked_idx`.execute(db);
  await sql`drop index if exists tasks_project_open_due_date_idx`.execute(db);
}
