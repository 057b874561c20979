import type { Clock } from "../core/clock.js";
import { UserError } from "../core/command.js";
import type { Database } from "../db/database.js";
import { dueInstant, formatDue } from "./due.js";
import { RACI_ROLES, readPhase, type RaciIds, type TaskStatus } from "./model.js";
import { raciProblem, type TaskService } from "./service.js";
import { RACI_PROBLEM_KEYS } from "./labels.js";

/** A task another feature creates (a feedback fix, a go-live gate item, a meeting action). */
export interface TaskFromFeature {
  tenantId: number;
  projectId: number;
  title: string;
  /** Responsible people (at least one). */
  r: readonly number[];
  /** The Accountable person. */
  a: number;
  c?: readonly number[];
  i?: readonly number[];
  /** A project-local date `YYYY-MM-DD`, and optionally a time `HH:MM`. */
  due?: { date: string; time?: string | null } | null;
  phase?: string | null;
  createdBy: number | null;
  /** Which feature made it and from what (`{ feature: "feedback", ref: "FB-12" }`), kept in the task's history. */
  source: { feature: string; ref: string };
}

/** A task's status changed; listeners run inside the change's transaction (a thrown UserError refuses the change). */
export interface TaskStatusEvent {
  trx: Database;
  tenantId: number;
  projectId: number;
  taskId: string;
  key: string;
  from: TaskStatus;
  to: TaskStatus;
  /** Who changed it (null: the bot). */
  by: number | null;
  at: Date;
  /** A note given with the change (a blocked reason, say). */
  note: string | null;
  /**
   * Work for once the change has committed: anything that reads or writes outside `trx` (notices, other services).
   * Inside the transaction it would wait for a connection the transaction holds — on PGlite, the only one.
   */
  afterCommit(work: () => Promise<void>): void;
}

export type TaskStatusListener = (event: TaskStatusEvent) => Promise<void>;

/**
 * The feature that makes tasks go-live gate items (`task add --gate data`, a gate column in a RACI CSV). RACI only
 * carries the word; the go-live feature reads it, names it and keeps the gate row in its own table.
 */
export interface GateHandler {
  /** The category a word names (`data`, `数据`), or null. */
  readCategory(text: string): string | null;
  /** The category as a reader sees it. */
  label(locale: string, category: string): string;
  /** Categories of the tasks that are gate items. */
  categoriesOf(taskIds: readonly string[]): Promise<Map<string, string>>;
  /** Makes a task a gate item of `category` (or moves it there), inside the transaction that creates or imports it. */
  attach(trx: Database, gate: { tenantId: number; projectId: number; taskId: string; category: string }): Promise<void>;
}

/** Listeners other features register to hear about task status changes, and the gate handler when go-live is on. */
export interface TaskEvents {
  onStatusChange(listener: TaskStatusListener): void;
  emit(event: TaskStatusEvent): Promise<void>;
  setGateHandler(handler: GateHandler): void;
  gateHandler(): GateHandler | null;
}

export function createTaskEvents(): TaskEvents {
  const listeners: TaskStatusListener[] = [];
  let gates: GateHandler | null = null;
  return {
    onStatusChange: (listener) => void listeners.push(listener),
    async emit(event) {
      for (const listener of listeners) await listener(event);
    },
    setGateHandler: (handler) => void (gates = handler),
    gateHandler: () => gates,
  };
}

/**
 * What other features may do with RACI tasks through the raci read API: create one (it then rides the nag ladder
 * like any other) and hear when tasks change status. The tasks tables stay RACI's alone.
 */
export interface RaciTaskPort {
  createTask(input: TaskFromFeature, trx?: Database): Promise<{ id: string; key: string }>;
  onStatusChange(listener: TaskStatusListener): void;
  /** Registers the feature that turns `--gate <category>` into a gate item (go-live). */
  handleGates(handler: GateHandler): void;
  /** Status and key of tasks by id (for linked items' views). */
  statusOf(taskIds: readonly string[]): Promise<Map<string, { key: string; status: TaskStatus; title: string; dueDate: string | null }>>;
  /** The Responsible people of tasks by id (a checklist shows who owns what is still open). */
  responsibleOf(taskIds: readonly string[]): Promise<Map<string, { id: number; name: string }[]>>;
  /** A project's overdue tasks (with their Accountable) and blocked ones (since when), for a meeting's agenda. */
  overview(projectId: number, now: Date): Promise<TaskOverview>;
}

export interface TaskOverview {
  overdue: { key: string; title: string; dueDate: string | null; accountable: string }[];
  blocked: { key: string; title: string; note: string | null; since: Date }[];
}

export function createTaskPort(deps: { db: Database; clock: Clock; tasks: TaskService; events: TaskEvents }): RaciTaskPort {
  const { db, tasks } = deps;
  const create = async (trx: Database, input: TaskFromFeature) => {
    const raci: RaciIds = { R: [...input.r], A: [input.a], C: [...(input.c ?? [])], I: [...(input.i ?? [])] };
    const problem = raciProblem(raci);
    if (problem) throw new UserError(RACI_PROBLEM_KEYS[problem]);
    const project = await trx.selectFrom("projects").select("timezone").where("id", "=", input.projectId).where("tenant_id", "=", input.tenantId).executeTakeFirstOrThrow();
    const due = input.due ? { date: input.due.date, time: input.due.time ?? null, at: dueInstant(input.due.date, input.due.time ?? null, project.timezone) } : null;
    const phase = input.phase ? readPhase(input.phase) : null;
    const at = deps.clock.now();
    const number = await tasks.allocate(trx, input.tenantId, input.projectId);
    const created = await tasks.insert(trx, { tenantId: input.tenantId, projectId: input.projectId, number, title: input.title.trim(), phase, due, createdBy: input.createdBy, at });
    await tasks.setPeople(trx, created, raci);
    const people = (await tasks.peopleOf([created.id], trx)).get(created.id);
    const letters = Object.fromEntries(RACI_ROLES.map((r) => [r, people?.[r].map((p) => p.name) ?? []]));
    await tasks.record(trx, created, input.createdBy, "created", { title: created.title, phase, due: due ? formatDue(due.date, due.time) : null, ...letters, source: `${input.source.feature}:${input.source.ref}` }, at);
    return { id: created.id, key: created.key };
  };
  return {
    createTask: (input, trx) => (trx ? create(trx, input) : db.transaction().execute((t) => create(t, input))),
    onStatusChange: deps.events.onStatusChange,
    handleGates: deps.events.setGateHandler,
    async statusOf(taskIds) {
      if (taskIds.length === 0) return new Map();
      const rows = await db.selectFrom("tasks").select(["id", "key", "status", "title", "due_date"]).where("id", "in", [...taskIds]).execute();
      return new Map(rows.map((r) => [String(r.id), { key: r.key, status: r.status as TaskStatus, title: r.title, dueDate: r.due_date ?? null }]));
    },
    async responsibleOf(taskIds) {
      const people = await tasks.peopleOf(taskIds);
      return new Map([...people].map(([id, letters]) => [id, letters.R]));
    },
    async overview(projectId, now) {
      const overdue = await db
        .selectFrom("tasks")
        .leftJoin("task_assignments as a", (j) => j.onRef("a.task_id", "=", "tasks.id").on("a.role", "=", "A"))
        .leftJoin("people", "people.id", "a.person_id")
        .select(["tasks.key", "tasks.title", "tasks.due_date", "people.display_name"])
        .where("tasks.project_id", "=", projectId)
        .where("tasks.status", "in", ["open", "in_progress"])
        .where("tasks.due_at", "<=", now)
        .orderBy("people.display_name")
        .orderBy("tasks.due_at")
        .execute();
      const blocked = await db
        .selectFrom("tasks")
        .select((eb) => ["tasks.key", "tasks.title", "tasks.blocked_note", "tasks.updated_at", eb.selectFrom("task_history").select((h) => h.fn.max("task_history.at").as("at")).whereRef("task_history.task_id", "=", "tasks.id").where("task_history.action", "=", "status").as("since")])
        .where("tasks.project_id", "=", projectId)
        .where("tasks.status", "=", "blocked")
        .orderBy("tasks.number")
        .execute();
      return {
        overdue: overdue.map((r) => ({ key: r.key, title: r.title, dueDate: r.due_date ?? null, accountable: r.display_name ?? "—" })),
        blocked: blocked.map((r) => ({ key: r.key, title: r.title, note: r.blocked_note, since: r.since ? new Date(r.since) : r.updated_at })),
      };
    },
  };
}
