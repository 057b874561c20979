import { sql } from "kysely";
import { groupBy } from "../core/group-by.js";
import { chunked } from "../core/chunked.js";
import type { Database } from "../db/database.js";
import type { BlockerLinks } from "../standups/blocker-links.js";
import type { TaskNoticeKind, TaskRow } from "./schema.js";
import type { Due } from "./due.js";
import { noPeople, RACI_ROLES, toTask, type LinkedBlocker, type RaciIds, type RaciPeople, type RaciRole, type Task, type TaskStatus, type TaskWithPeople } from "./model.js";

/** What is wrong with a set of R, A, C, I, if anything. */
export type RaciProblem = "no_a" | "many_a" | "no_r";

/** The RACI invariants: exactly one Accountable, at least one Responsible. */
export function raciProblem(ids: Pick<RaciIds, "R" | "A">): RaciProblem | null {
  if (ids.A.length === 0) return "no_a";
  if (new Set(ids.A).size > 1) return "many_a";
  if (ids.R.length === 0) return "no_r";
  return null;
}

/** The fields of a task a change may set. */
export interface TaskPatch {
  title?: string;
  phase?: string | null;
  due?: Due | null;
  status?: TaskStatus;
  snoozedUntil?: string | null;
  blockedNote?: string | null;
  done?: { at: Date; by: number | null } | null;
}

/** Which tasks `list` returns. */
export interface TaskFilter {
  personId?: number;
  roles?: readonly RaciRole[];
  /** Only tasks overdue at this instant (still to be done, due before it). */
  overdueAt?: Date;
  phase?: string;
  statuses?: readonly TaskStatus[];
  limit?: number;
}

const CHUNK = 1000;
/** Tasks whose people one query reads (an array parameter, so its size costs no statement text). */
const PEOPLE_CHUNK = 10_000;

export type TaskService = ReturnType<typeof createTaskService>;

/** RACI tasks: numbering, storage, people, history, notices and the queries the commands and the tick read. */
export function createTaskService(db: Database, blockerLinks: Pick<BlockerLinks, "linkedToTasks">) {
  /**
   * R, A, C and I of these tasks (or only `roles`), each list in display-name order; the ids travel as one array
   * parameter, so a nag tick's 20,000 listed tasks are two queries, not twenty of a thousand parameters each.
   */
  const peopleOf = async (taskIds: readonly string[], trx: Database = db, roles: readonly RaciRole[] = RACI_ROLES): Promise<Map<string, RaciPeople>> => {
    const out = new Map<string, RaciPeople>();
    for (const id of taskIds) out.set(id, noPeople());
    for (const chunk of chunked([...new Set(taskIds)], PEOPLE_CHUNK)) {
      const rows = await trx
        .selectFrom("task_assignments")
        .innerJoin("people", "people.id", "task_assignments.person_id")
        .select(["task_assignments.task_id", "task_assignments.role", "people.id", "people.display_name"])
        .where(sql<boolean>`task_assignments.task_id = any(${chunk}::bigint[])`)
        .where("task_assignments.role", "in", [...roles])
        .orderBy("people.display_name")
        .execute();
      for (const r of rows) out.get(String(r.task_id))?.[r.role].push({ id: r.id, name: r.display_name });
    }
    return out;
  };

  const withPeople = async (tasks: Task[], trx: Database = db): Promise<TaskWithPeople[]> => {
    const people = await peopleOf(tasks.map((t) => t.id), trx);
    return tasks.map((t) => ({ ...t, people: people.get(t.id) ?? noPeople() }));
  };

  const find = async (tenantId: number, projectId: number, key: string, trx: Database = db): Promise<Task | null> => {
    const row = await trx.selectFrom("tasks").selectAll().where("tenant_id", "=", tenantId).where("project_id", "=", projectId).where("key", "=", key).executeTakeFirst();
    return row ? toTask(row) : null;
  };

  return {
    peopleOf,
    withPeople,
    find,

    /** Locks and returns a task for a change in `trx`. */
    async lock(trx: Database, taskId: string): Promise<Task> {
      return toTask(await trx.selectFrom("tasks").selectAll().where("id", "=", taskId).forUpdate().executeTakeFirstOrThrow());
    },

    async findMany(tenantId: number, projectId: number, keys: readonly string[], trx: Database = db): Promise<Map<string, Task>> {
      const out = new Map<string, Task>();
      for (const chunk of chunked(keys, CHUNK)) {
        const rows = await trx.selectFrom("tasks").selectAll().where("tenant_id", "=", tenantId).where("project_id", "=", projectId).where("key", "in", chunk).execute();
        for (const r of rows) out.set(r.key, toTask(r));
      }
      return out;
    },

    /** Hands out `count` consecutive numbers for a project; returns the first. Safe under concurrency (row lock). */
    async allocate(trx: Database, tenantId: number, projectId: number, count = 1): Promise<number> {
      const row = await trx
        .insertInto("task_counters")
        .values({ project_id: projectId, tenant_id: tenantId, last_number: count })
        .onConflict((oc) => oc.column("project_id").doUpdateSet({ last_number: sql<number>`task_counters.last_number + ${count}` }))
        .returning("last_number")
        .executeTakeFirstOrThrow();
      return row.last_number - count + 1;
    },

    async insert(trx: Database, input: { tenantId: number; projectId: number; number: number; title: string; phase: string | null; due: Due | null; createdBy: number | null; at: Date }): Promise<Task> {
      const row = await trx
        .insertInto("tasks")
        .values({
          tenant_id: input.tenantId,
          project_id: input.projectId,
          number: input.number,
          key: `T-${input.number}`,
          title: input.title,
          phase: input.phase,
          due_date: input.due?.date ?? null,
          due_time: input.due?.time ?? null,
          due_at: input.due?.at ?? null,
          created_by: input.createdBy,
          created_at: input.at,
          updated_at: input.at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTask(row);
    },

    async update(trx: Database, taskId: string, patch: TaskPatch, at: Date): Promise<Task> {
      const row: TaskRow = await trx
        .updateTable("tasks")
        .set({
          updated_at: at,
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.phase !== undefined ? { phase: patch.phase } : {}),
          ...(patch.due !== undefined ? { due_date: patch.due?.date ?? null, due_time: patch.due?.time ?? null, due_at: patch.due?.at ?? null } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          ...(patch.snoozedUntil !== undefined ? { snoozed_until: patch.snoozedUntil } : {}),
          ...(patch.blockedNote !== undefined ? { blocked_note: patch.blockedNote } : {}),
          ...(patch.done !== undefined ? { done_at: patch.done?.at ?? null, done_by: patch.done?.by ?? null } : {}),
        })
        .where("id", "=", taskId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTask(row);
    },

    /** Replaces the people of the roles given (the others stay). */
    async setPeople(trx: Database, task: Pick<Task, "id" | "tenantId">, ids: Partial<RaciIds>): Promise<void> {
      const roles = RACI_ROLES.filter((r) => ids[r] !== undefined);
      if (roles.length === 0) return;
      await trx.deleteFrom("task_assignments").where("task_id", "=", task.id).where("role", "in", roles).execute();
      const rows = roles.flatMap((role) => [...new Set(ids[role] ?? [])].map((personId) => ({ task_id: task.id, role, person_id: personId, tenant_id: task.tenantId })));
      if (rows.length > 0) await trx.insertInto("task_assignments").values(rows).execute();
    },

    /** Keeps a change in the task's history. */
    async record(trx: Database, task: Pick<Task, "id" | "tenantId">, personId: number | null, action: string, changes: Record<string, unknown>, at: Date): Promise<void> {
      await trx.insertInto("task_history").values({ tenant_id: task.tenantId, task_id: task.id, person_id: personId, action, changes: JSON.stringify(changes), at }).execute();
    },

    /** Owes each person a one-off message about the task (sent by the tick within their working hours). */
    async notice(trx: Database, task: Pick<Task, "id" | "tenantId">, personIds: readonly number[], kind: TaskNoticeKind, by: number | null, at: Date): Promise<void> {
      const rows = [...new Set(personIds)].map((personId) => ({ tenant_id: task.tenantId, task_id: task.id, person_id: personId, kind, by_person_id: by, created_at: at }));
      if (rows.length > 0) await trx.insertInto("task_notices").values(rows).execute();
    },

    /** Tasks of a project matching the filter, soonest due first, with their people. */
    async list(tenantId: number, projectId: number, filter: TaskFilter = {}): Promise<TaskWithPeople[]> {
      let query = db.selectFrom("tasks").selectAll("tasks").where("tasks.tenant_id", "=", tenantId).where("tasks.project_id", "=", projectId);
      if (filter.personId !== undefined) {
        const personId = filter.personId;
        const roles = filter.roles ?? RACI_ROLES;
        query = query.where((eb) =>
          eb.exists(eb.selectFrom("task_assignments").select("task_assignments.task_id").whereRef("task_assignments.task_id", "=", "tasks.id").where("task_assignments.person_id", "=", personId).where("task_assignments.role", "in", [...roles])),
        );
      }
      if (filter.overdueAt) query = query.where("tasks.status", "in", ["open", "in_progress", "blocked"]).where("tasks.due_at", "<=", filter.overdueAt);
      if (filter.statuses) query = query.where("tasks.status", "in", [...filter.statuses]);
      if (filter.phase !== undefined) query = query.where("tasks.phase", "=", filter.phase);
      const rows = await query.orderBy(sql`tasks.due_at asc nulls last`).orderBy("tasks.number").limit(filter.limit ?? 500).execute();
      return withPeople(rows.map(toTask));
    },

    /** The latest changes to a task, newest first, with who made them. */
    async history(taskId: string, limit = 5): Promise<{ action: string; changes: Record<string, unknown>; at: Date; by: string | null }[]> {
      const rows = await db
        .selectFrom("task_history")
        .leftJoin("people", "people.id", "task_history.person_id")
        .select(["task_history.action", "task_history.changes", "task_history.at", "people.display_name"])
        .where("task_history.task_id", "=", taskId)
        .orderBy("task_history.id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({ action: r.action, changes: r.changes, at: r.at, by: r.display_name }));
    },

    /** Open stand-up blockers linked to tasks of a project, by `projectId:taskKey` (read through the stand-ups' API). */
    async linkedBlockers(projectIds: readonly number[], trx: Database = db): Promise<Map<string, LinkedBlocker[]>> {
      const out = new Map<string, LinkedBlocker[]>();
      for (const [key, links] of groupBy(await blockerLinks.linkedToTasks(projectIds, trx), (b) => `${b.projectId}:${b.taskKey}`)) {
        out.set(key, links.map((b) => ({ key: b.key, ownerName: b.ownerName, text: b.text })));
      }
      return out;
    },
  };
}
