import type { Vars } from "./i18n.js";
import { localParts } from "../calendar/zones.js";
import { parseCsv } from "./csv.js";
import { formatDue, parseDue, type Due } from "./due.js";
import type { ImportProblem } from "./labels.js";
import { numberOfKey, RACI_ROLES, readPhase, readTaskKey, splitPeople, type RaciIds, type RaciRole, type Task } from "./model.js";
import type { ProjectPeopleResolver } from "./people-refs.js";
import { raciProblem, type TaskService } from "./service.js";
import type { GateHandler } from "./task-port.js";

/** A problem with one line of an import, and the values its message names. */
export interface LineProblem {
  line: number;
  problem: ImportProblem;
  vars?: Vars;
}

/** One valid line: what the task will be, and what it was when the key already exists. */
export interface PlannedRow {
  line: number;
  /** The key given in the file (existing, or a new one to create with that number); null: the next number. */
  key: string | null;
  existing: Task | null;
  title: string;
  phase: string | null;
  due: Due | null;
  ids: RaciIds;
  names: Record<RaciRole, string[]>;
  /** The go-live checklist category when the gate column names one: the task becomes (or moves to) that gate item. */
  gate: string | null;
  /** field → { from, to } for an existing task; empty when nothing changes. */
  changes: Record<string, { from: unknown; to: unknown }>;
}

export type ImportPlan = { ok: true; rows: PlannedRow[]; ignoredColumns: string[] } | { ok: false; problems: LineProblem[] };

type Column = "key" | "title" | "phase" | "due" | "gate" | RaciRole;

const HEADERS: Record<string, Column> = {
  key: "key", id: "key", 编号: "key", 任务编号: "key",
  title: "title", task: "title", name: "title", 任务: "title", 标题: "title", 任务名称: "title",
  phase: "phase", milestone: "phase", 阶段: "phase", 里程碑: "phase",
  due: "due", "due date": "due", deadline: "due", 截止: "due", 截止日期: "due", 到期: "due",
  r: "R", responsible: "R", 负责: "R", 执行: "R", 执行人: "R",
  a: "A", accountable: "A", 批准: "A", 问责: "A", 审批: "A",
  c: "C", consulted: "C", 咨询: "C", 顾问: "C",
  i: "I", informed: "I", 知会: "I", 告知: "I",
  gate: "gate", category: "gate", 关卡: "gate", 上线类别: "gate", 类别: "gate",
};

/** Most lines an import takes at once. */
export const MAX_IMPORT_ROWS = 5000;
const MAX_TITLE = 300;

/** Reads and checks a RACI CSV against a project: every problem with its line, or the plan of what would change. */
export async function planImport(
  input: { text: string; tenantId: number; projectId: number; timeZone: string; now: Date },
  deps: { tasks: TaskService; resolve: ProjectPeopleResolver; gates?: GateHandler | null },
): Promise<ImportPlan> {
  const parsed = parseCsv(input.text);
  if (!parsed.ok) return { ok: false, problems: [{ line: parsed.line, problem: "unterminated_quote" }] };
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, problems: [{ line: 1, problem: "empty" }] };
  const columns = header.fields.map((f) => HEADERS[f.trim().toLowerCase()] ?? null);
  const missing = (["title", "R", "A"] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0) return { ok: false, problems: [{ line: header.line, problem: "missing_columns", vars: { columns: missing.join(", "), count: missing.length } }] };
  if (records.length === 0) return { ok: false, problems: [{ line: header.line, problem: "no_rows" }] };
  if (records.length > MAX_IMPORT_ROWS) return { ok: false, problems: [{ line: header.line, problem: "too_many_rows", vars: { max: MAX_IMPORT_ROWS } }] };
  const ignoredColumns = header.fields.filter((_, i) => columns[i] === null).map((f) => f.trim()).filter(Boolean);
  const today = localParts(input.now, input.timeZone).date;

  const problems: LineProblem[] = [];
  const drafts: (Omit<PlannedRow, "existing" | "changes"> & { key: string | null })[] = [];
  const seenKeys = new Map<string, number>();
  for (const record of records) {
    const cell = (column: Column): string => {
      const index = columns.indexOf(column);
      return index < 0 ? "" : (record.fields[index] ?? "").trim();
    };
    const fail = (problem: ImportProblem, vars?: Vars) => problems.push({ line: record.line, problem, ...(vars ? { vars } : {}) });
    const before = problems.length;
    if (record.fields.slice(header.fields.length).some((f) => f.trim() !== "")) fail("too_many_cells", { cells: record.fields.length, columns: header.fields.length });
    let key: string | null = null;
    if (cell("key")) {
      key = readTaskKey(cell("key"));
      if (!key) fail("bad_key", { key: cell("key") });
      else if (seenKeys.has(key)) fail("duplicate_key", { key, first: seenKeys.get(key) ?? 0 });
      else seenKeys.set(key, record.line);
    }
    const title = cell("title");
    if (!title) fail("no_title");
    else if (title.length > MAX_TITLE) fail("title_too_long", { max: MAX_TITLE });
    let due: Due | null = null;
    if (cell("due")) {
      due = parseDue(cell("due"), input.timeZone, today);
      if (!due) fail("bad_due", { due: cell("due") });
    }
    let gate: string | null = null;
    if (cell("gate")) {
      if (!deps.gates) fail("gate_unavailable");
      else if (!(gate = deps.gates.readCategory(cell("gate")))) fail("bad_gate", { gate: cell("gate") });
    }
    const ids: RaciIds = { R: [], A: [], C: [], I: [] };
    const names: Record<RaciRole, string[]> = { R: [], A: [], C: [], I: [] };
    for (const role of RACI_ROLES) {
      for (const ref of splitPeople(cell(role))) {
        const found = await deps.resolve(ref);
        if (found.kind === "found") {
          if (!ids[role].includes(found.person.id)) {
            ids[role].push(found.person.id);
            names[role].push(found.person.displayName);
          }
        } else if (found.kind === "none") fail("unknown_person", { role, who: ref });
        else if (found.kind === "ambiguous") fail("ambiguous_person", { role, who: ref, names: found.names.join(", ") });
        else fail("not_member", { role, who: found.name });
      }
    }
    if (problems.length === before) {
      const problem = raciProblem(ids);
      if (problem) fail(problem);
    }
    if (problems.length === before) drafts.push({ line: record.line, key, title, phase: cell("phase") ? readPhase(cell("phase")) : null, due, ids, names, gate });
  }
  if (problems.length > 0) return { ok: false, problems };

  const existing = await deps.tasks.findMany(input.tenantId, input.projectId, drafts.flatMap((d) => (d.key ? [d.key] : [])));
  const people = await deps.tasks.peopleOf([...existing.values()].map((t) => t.id));
  const gated = deps.gates && drafts.some((d) => d.gate) ? await deps.gates.categoriesOf([...existing.values()].map((t) => t.id)) : new Map<string, string>();
  const rows = drafts.map((draft): PlannedRow => {
    const task = draft.key ? (existing.get(draft.key) ?? null) : null;
    const changes: PlannedRow["changes"] = {};
    if (task) {
      if (task.title !== draft.title) changes.title = { from: task.title, to: draft.title };
      if (task.phase !== draft.phase) changes.phase = { from: task.phase, to: draft.phase };
      const dueFrom = formatDue(task.dueDate, task.dueTime);
      const dueTo = draft.due ? formatDue(draft.due.date, draft.due.time) : "—";
      if (dueFrom !== dueTo) changes.due = { from: dueFrom, to: dueTo };
      if (draft.gate && gated.get(task.id) !== draft.gate) changes.gate = { from: gated.get(task.id) ?? null, to: draft.gate };
      const had = people.get(task.id);
      for (const role of RACI_ROLES) {
        const from = had?.[role] ?? [];
        if ([...from.map((p) => p.id)].sort().join(",") !== [...draft.ids[role]].sort().join(",")) changes[role] = { from: from.map((p) => p.name), to: draft.names[role] };
      }
    }
    return { ...draft, existing: task, changes };
  });
  const taken = rows.filter((r) => r.key && !r.existing).map((r) => numberOfKey(r.key ?? ""));
  if (taken.some((n) => n < 1)) return { ok: false, problems: rows.filter((r) => r.key && numberOfKey(r.key) < 1).map((r) => ({ line: r.line, problem: "bad_key", vars: { key: r.key ?? "" } })) };
  return { ok: true, rows, ignoredColumns };
}
