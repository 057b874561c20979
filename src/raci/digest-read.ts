import { sql } from "kysely";
import type { Database } from "../db/database.js";

/** A task as the sponsor digest lists it behind a number. */
export interface DigestTask {
  key: string;
  title: string;
  dueDate: string | null;
  status: string;
}

/** What the sponsor digest reads of RACI delivery for one project and one span of project-local dates. */
export interface RaciDelivery {
  /** Tasks done in the span. */
  done: DigestTask[];
  /** Tasks due in the span (whatever their status now): the plan the done ones are measured against. */
  planned: DigestTask[];
  /** How many of the planned ones are done. */
  plannedDone: number;
  /** Open tasks past their due time, with their Accountable person. */
  overdue: (DigestTask & { accountableId: number | null; accountableName: string | null })[];
  /** Blocked tasks with the instant they became blocked (oldest first). */
  blocked: (DigestTask & { note: string | null; since: Date })[];
  /** Open tasks (open, in progress, blocked). */
  open: number;
}

const LIST_CAP = 500;

/** Delivery figures for the digest; each list is capped (the counts are not). */
export function createDeliveryRead(db: Database) {
  return async function delivery(projectId: number, span: { from: string; to: string; endsAt: Date; now: Date }): Promise<RaciDelivery & { counts: { done: number; planned: number; overdue: number; blocked: number } }> {
    const base = () => db.selectFrom("tasks").where("tasks.project_id", "=", projectId);
    // Each list is its first 500 rows; its counts come from the index alone (a window count would read every row).
    const doneThisWeek = () => base().where("status", "=", "done").where("done_at", ">=", sql<Date>`${span.endsAt}::timestamptz - interval '7 days'`).where("done_at", "<=", span.endsAt);
    // From migration 0035's index on (project, due date, number) with the status.
    const plannedThisWeek = () => base().where("due_date", ">=", span.from).where("due_date", "<=", span.to).where("status", "!=", "cancelled");
    const [done, doneCount, planned, plannedCount, overdue, blocked, open] = await Promise.all([
      doneThisWeek().select(["key", "title", "due_date", "status"]).orderBy("done_at", "desc").limit(LIST_CAP).execute(),
      doneThisWeek().select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
      plannedThisWeek().select(["key", "title", "due_date", "status"]).orderBy("due_date").orderBy("number").limit(LIST_CAP).execute(),
      plannedThisWeek().select([sql<number>`count(*)::int`.as("n"), sql<number>`(count(*) filter (where status = 'done'))::int`.as("done")]).executeTakeFirstOrThrow(),
      // The oldest 500 (in due-date order, so the scan stops there), then their Accountable (one at most); counted below.
      db
        .selectFrom(
          base()
            .select(["tasks.id", "tasks.number", "tasks.key", "tasks.title", "tasks.due_date", "tasks.status"])
            .where("tasks.status", "in", ["open", "in_progress", "blocked"])
            .where("tasks.due_at", "<=", span.now)
            .orderBy("tasks.due_date")
            .orderBy("tasks.number")
            .limit(LIST_CAP)
            .as("o"),
        )
        // Each listed task's Accountable (one at most) looked up by its task: the limit keeps the planner from hashing
        // every assignment of the project for 500 tasks.
        .leftJoinLateral(
          (eb) => eb.selectFrom("task_assignments as a").innerJoin("people", "people.id", "a.person_id").select(["a.person_id", "people.display_name"]).whereRef("a.task_id", "=", "o.id").where("a.role", "=", "A").limit(1).as("a"),
          (j) => j.onTrue(),
        )
        .select(["o.key", "o.title", "o.due_date", "o.status", "a.person_id", "a.display_name"])
        .orderBy("o.due_date")
        .orderBy("o.number")
        .execute(),
      base()
        .select([
          "key",
          "title",
          "due_date",
          "status",
          "blocked_note",
          sql<Date>`coalesce((select max(h.at) from task_history h where h.task_id = tasks.id and h.changes->'status'->>'to' = 'blocked'), tasks.updated_at)`.as("since"),
          sql<number>`count(*) over ()`.as("total"),
        ])
        .where("status", "=", "blocked")
        .orderBy("since")
        .limit(LIST_CAP)
        .execute(),
      // Open and overdue counted together from the open tasks' index (migration 0033), not from the rows.
      base()
        .select([sql<number>`count(*)::int`.as("n"), sql<number>`(count(*) filter (where due_at <= ${span.now}))::int`.as("overdue")])
        .where("status", "in", ["open", "in_progress", "blocked"])
        .executeTakeFirstOrThrow(),
    ]);
    const task = (r: { key: string; title: string; due_date: string | null; status: string }): DigestTask => ({ key: r.key, title: r.title, dueDate: r.due_date, status: r.status });
    return {
      done: done.map(task),
      planned: planned.map(task),
      plannedDone: Number(plannedCount.done),
      overdue: overdue.map((r) => ({ ...task(r), accountableId: r.person_id ?? null, accountableName: r.display_name ?? null })),
      blocked: blocked.map((r) => ({ ...task(r), note: r.blocked_note, since: new Date(r.since) })),
      open: Number(open.n),
      counts: { done: Number(doneCount.n), planned: Number(plannedCount.n), overdue: Number(open.overdue), blocked: Number(blocked[0]?.total ?? 0) },
    };
  };
}

export type DeliveryRead = ReturnType<typeof createDeliveryRead>;
