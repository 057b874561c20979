import { sql } from "kysely";
import { chunked } from "../core/chunked.js";
import { groupBy } from "../core/group-by.js";
import type { Database } from "../db/database.js";
import type { ProjectService } from "../projects/service.js";
import type { TaskRow } from "./schema.js";
import { noPeople, toTask, type LinkedBlocker, type Task } from "./model.js";
import type { LadderTask } from "./nag-plan.js";
import type { TaskService } from "./service.js";
import { raciSettingsOf } from "./settings.js";

const CHUNK = 1000;
/** What a nag needs of a task (`toTask` without the bookkeeping columns, whose dates cost parsing on 30,000 rows). */
const TASK_COLUMNS = ["tasks.id", "tasks.tenant_id", "tasks.project_id", "tasks.number", "tasks.key", "tasks.title", "tasks.phase", "tasks.due_date", "tasks.due_time", "tasks.due_at", "tasks.status", "tasks.snoozed_until", "tasks.blocked_note", "tasks.done_at"] as const;
const WORKING = ["open", "in_progress"] as const;
const ACTIVE = ["open", "in_progress", "blocked"] as const;

/** A project as the nags name it. */
export interface NagProject {
  id: number;
  key: string;
  name: string;
}

/** Everything the ladder needs about the people due now: their tasks by letter, projects, linked blockers. */
export interface LadderData {
  asR: Map<number, LadderTask[]>;
  asA: Map<number, LadderTask[]>;
  asSponsor: Map<number, LadderTask[]>;
  projects: Map<number, NagProject>;
  blockers: Map<string, LinkedBlocker[]>;
  /** People in more than one project: their buttons carry `--project`. */
  multiProject: Set<number>;
}

/**
 * The queries of the nag tick, as builders so that the benchmark can EXPLAIN exactly what runs. Each is an
 * index lookup: active tasks by due date (`tasks_active_due_idx`), a person's letters
 * (`task_assignments_person_idx`), a project's due tasks (`tasks_project_phase_idx`). Who sponsors a project is
 * the projects feature's to say (memberships are theirs): asked through `SponsorDirectory`.
 */
export function nagQueries(db: Database) {
  return {
    /** R and A of tasks still being worked on, due by `horizon`. */
    candidates: (horizon: string) =>
      db
        .selectFrom("tasks")
        .innerJoin("task_assignments", "task_assignments.task_id", "tasks.id")
        .select(["tasks.tenant_id", "task_assignments.person_id"])
        .distinct()
        .where("tasks.status", "in", [...WORKING])
        .where("tasks.due_date", "<=", horizon)
        .where("task_assignments.role", "in", ["R", "A"]),
    /** Projects with a task still to be done, due by `today` (their sponsors may be nagged). */
    overdueProjects: (today: string) =>
      db.selectFrom("tasks").select("tasks.project_id").distinct().where("tasks.status", "in", [...ACTIVE]).where("tasks.due_date", "<=", today),
    /**
     * These people's letters on tasks still being worked on: R on those due by `horizon`, A only on those due by
     * `today` (A is nagged only once a task is overdue). Ids only, the tasks are loaded once each; one query
     * with an array parameter, however many people.
     */
    assigned: (personIds: readonly number[], horizon: string, today: string) =>
      db
        .selectFrom("task_assignments")
        .innerJoin("tasks", "tasks.id", "task_assignments.task_id")
        .select(["task_assignments.task_id", "task_assignments.person_id as assignee", "task_assignments.role as letter"])
        .where(sql<boolean>`task_assignments.person_id = any(${[...personIds]}::int[])`)
        .where("task_assignments.role", "in", ["R", "A"])
        .where("tasks.status", "in", [...WORKING])
        .where("tasks.due_date", "<=", horizon)
        .where((eb) => eb.or([eb("task_assignments.role", "=", "R"), eb("tasks.due_date", "<=", today)])),
    /** The tasks with these ids, with what a nag shows of them. */
    byIds: (taskIds: readonly string[]) => db.selectFrom("tasks").select(TASK_COLUMNS).where("tasks.id", "in", [...taskIds]),
    /** The tasks still to be done, due by `today`, in these projects. */
    dueInProjects: (projectIds: readonly number[], today: string) =>
      db.selectFrom("tasks").select(TASK_COLUMNS).where("tasks.project_id", "in", [...projectIds]).where("tasks.status", "in", [...ACTIVE]).where("tasks.due_date", "<=", today),
  };
}

/** Loads what the nag tick needs: who might be nagged, then those people's tasks, projects and linked blockers. */
/** What the nags need to know about project roles, from the projects feature. */
export type SponsorDirectory = Pick<ProjectService, "holders" | "heldBy" | "projectCounts">;

export function createNagData(db: Database, tasks: TaskService, projectRoles: SponsorDirectory) {
  return {
    /**
     * Who might get a nag: R and A of tasks still being worked on that are due by `horizon`, and sponsors of
     * projects with a task overdue by `today` (both UTC-wide bounds; the exact test is per person).
     */
    async candidates(horizon: string, today: string): Promise<Map<number, Set<number>>> {
      const byTenant = new Map<number, Set<number>>();
      const add = (tenantId: number, personId: number) => {
        let set = byTenant.get(tenantId);
        if (!set) byTenant.set(tenantId, (set = new Set()));
        set.add(personId);
      };
      for (const r of await nagQueries(db).candidates(horizon).execute()) add(r.tenant_id, r.person_id);
      const overdue = (await nagQueries(db).overdueProjects(today).execute()).map((r) => r.project_id);
      for (const r of await projectRoles.holders(overdue, "sponsor")) add(r.tenantId, r.personId);
      return byTenant;
    },

    /**
     * The tasks of these people as R and A (due by `horizon`) and, for sponsors, their projects' overdue tasks —
     * without their people yet: the plan decides which tasks are listed, and only those need names.
     */
    async load(personIds: readonly number[], horizon: string, today: string): Promise<LadderData> {
      const sponsorRows: { person_id: number; task: Task }[] = [];
      // The letters, the sponsored projects' overdue tasks and who is in several projects do not depend on each
      // other: read side by side.
      const lettersRead = personIds.length > 0 ? nagQueries(db).assigned(personIds, horizon, today).execute() : Promise.resolve([]);
      const sponsorsRead = (async () => {
        // Sponsored projects once per tick, then their overdue tasks, a thousand projects at a time.
        const sponsorsOf = groupBy(await projectRoles.heldBy(personIds, "sponsor"), (s) => s.projectId);
        const parts = await Promise.all(chunked([...sponsorsOf.keys()], CHUNK).map((projects) => nagQueries(db).dueInProjects(projects, today).execute()));
        for (const r of parts.flat()) {
          const task = toTask(r as TaskRow);
          for (const sponsor of sponsorsOf.get(r.project_id) ?? []) sponsorRows.push({ person_id: sponsor.personId, task });
        }
      })();
      const multiProjectRead = Promise.all(chunked(personIds, CHUNK).map((chunk) => projectRoles.projectCounts(chunk)));
      const [letters, , counts] = await Promise.all([lettersRead, sponsorsRead, multiProjectRead]);
      const unique = new Map<string, Task>();
      for (const r of sponsorRows) unique.set(r.task.id, r.task);
      const missing = [...new Set(letters.map((l) => String(l.task_id)))].filter((id) => !unique.has(id));
      for (const r of (await Promise.all(chunked(missing, 5 * CHUNK).map((ids) => nagQueries(db).byIds(ids).execute()))).flat()) unique.set(String(r.id), toTask(r as TaskRow));
      const rows = letters.flatMap((l) => {
        const task = unique.get(String(l.task_id));
        return task ? [{ person_id: l.assignee, role: l.letter, task }] : [];
      });

      const projectIds = [...new Set([...unique.values()].map((t) => t.projectId))];
      const projects = new Map<number, NagProject>();
      const settings = new Map<number, ReturnType<typeof raciSettingsOf>>();
      const [blockers, projectRows] = await Promise.all([
        tasks.linkedBlockers(projectIds),
        Promise.all(chunked(projectIds, CHUNK).map((chunk) => db.selectFrom("projects").select(["id", "key", "name", "settings"]).where("id", "in", chunk).execute())),
      ]);
      for (const p of projectRows.flat()) {
        projects.set(p.id, { id: p.id, key: p.key, name: p.name });
        settings.set(p.id, raciSettingsOf(p.settings));
      }
      // One entry per task, shared by everyone it concerns; its people are filled in by `attachPeople`.
      const entries = new Map<string, LadderTask>();
      const entry = (task: Task): LadderTask | null => {
        const known = entries.get(task.id);
        if (known) return known;
        const projectSettings = settings.get(task.projectId);
        if (!projectSettings) return null;
        // The task object was read for this tick alone: given its people in place, not copied (tens of thousands).
        const created: LadderTask = { task: Object.assign(task, { people: noPeople() }), settings: projectSettings };
        entries.set(task.id, created);
        return created;
      };
      const group = (list: { person_id: number; task: Task }[]): Map<number, LadderTask[]> => {
        const out = new Map<number, LadderTask[]>();
        for (const r of list) {
          const e = entry(r.task);
          if (!e) continue;
          const list = out.get(r.person_id);
          if (list) list.push(e);
          else out.set(r.person_id, [e]);
        }
        return out;
      };

      const multiProject = new Set<number>();
      for (const part of counts) for (const [personId, count] of part) if (count > 1) multiProject.add(personId);
      return {
        asR: group(rows.filter((r) => r.role === "R")),
        asA: group(rows.filter((r) => r.role === "A")),
        asSponsor: group(sponsorRows),
        projects,
        blockers,
        multiProject,
      };
    },

    /** Fills in R, A and C of the tasks a message lists (each task read once, however many lists hold it; nags never show I). */
    async attachPeople(listed: readonly LadderTask[]): Promise<void> {
      const unique = new Map(listed.map((e) => [e.task.id, e]));
      const people = await tasks.peopleOf([...unique.keys()], db, ["R", "A", "C"]);
      for (const [id, e] of unique) e.task.people = people.get(id) ?? noPeople();
    },
  };
}
