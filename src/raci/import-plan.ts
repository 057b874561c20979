import { groupBy } from "../core/group-by.js";
import type { Vars } from "./i18n.js";
import { localParts } from "../calendar/zones.js";
import { parseCsv } from "./csv.js";
import { formatDue, parseDue, type Due } from "./due.js";
import { acceptedNames, columnOf, type Column } from "./import-headers.js";
import type { ImportProblem } from "./labels.js";
import { RACI_ROLES, readPhase, readTaskKey, splitPeople, type RaciIds, type RaciRole, type Task } from "./model.js";
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
  /** The key given in the file (an existing task's); null: the next number, or a task matched by title and phase. */
  key: string | null;
  existing: Task | null;
  /** True when the line had no key and was matched to `existing` by its title and phase. */
  matched: boolean;
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

/** A title that appears on more than one line of the file: imported, but worth a look. */
export interface DuplicateTitle {
  line: number;
  first: number;
  title: string;
}

export type ImportPlan = { ok: true; rows: PlannedRow[]; ignoredColumns: string[]; duplicateTitles: DuplicateTitle[] } | { ok: false; problems: LineProblem[] };

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
  const columns = header.fields.map(columnOf);
  const missing = (["title", "R", "A"] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    const found = header.fields.map((f) => f.replace(/^\uFEFF/, "").trim()).filter(Boolean);
    const accepted = missing.map((c) => `${c}: ${acceptedNames(c)}`).join("; ");
    return { ok: false, problems: [{ line: header.line, problem: "missing_columns", vars: { columns: missing.join(", "), count: missing.length, found: found.join(", ") || "—", accepted } }] };
  }
  if (records.length === 0) return { ok: false, problems: [{ line: header.line, problem: "no_rows" }] };
  if (records.length > MAX_IMPORT_ROWS) return { ok: false, problems: [{ line: header.line, problem: "too_many_rows", vars: { max: MAX_IMPORT_ROWS } }] };
  const ignoredColumns = header.fields.filter((_, i) => columns[i] === null).map((f) => f.trim()).filter(Boolean);
  const today = localParts(input.now, input.timeZone).date;

  const problems: LineProblem[] = [];
  const drafts: (Omit<PlannedRow, "existing" | "changes" | "matched"> & { key: string | null })[] = [];
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
  const unknownKeys = drafts.filter((d) => d.key && !existing.has(d.key));
  if (unknownKeys.length > 0) return { ok: false, problems: unknownKeys.map((d) => ({ line: d.line, problem: "unknown_key", vars: { key: d.key ?? "" } })) };
  const matches = await matchByTitle(drafts, existing, input, deps.tasks);
  if (!matches.ok) return matches;
  const people = await deps.tasks.peopleOf([...existing.values(), ...matches.byLine.values()].map((t) => t.id));
  const gated = deps.gates && drafts.some((d) => d.gate) ? await deps.gates.categoriesOf([...existing.values(), ...matches.byLine.values()].map((t) => t.id)) : new Map<string, string>();
  const rows = drafts.map((draft): PlannedRow => {
    const matched = matches.byLine.get(draft.line) ?? null;
    const task = draft.key ? (existing.get(draft.key) ?? null) : matched;
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
    return { ...draft, existing: task, matched: matched !== null, changes };
  });
  return { ok: true, rows, ignoredColumns, duplicateTitles: duplicateTitles(drafts) };
}

const titleKey = (title: string, phase: string | null) => `${title.trim().toLowerCase().replace(/\s+/g, " ")}\u0000${phase ?? ""}`;

/**
 * Lines without a key matched to the project's tasks by title and phase, so that re-importing a keyless file
 * updates rather than duplicates. A task is matched once (a keyed line takes it first); a title and phase that
 * several tasks share is a problem: the line needs its key.
 */
async function matchByTitle(
  drafts: readonly { line: number; key: string | null; title: string; phase: string | null }[],
  existing: ReadonlyMap<string, Task>,
  input: { tenantId: number; projectId: number },
  tasks: TaskService,
): Promise<{ ok: true; byLine: Map<number, Task> } | { ok: false; problems: LineProblem[] }> {
  const byLine = new Map<number, Task>();
  const keyless = drafts.filter((d) => !d.key);
  if (keyless.length === 0) return { ok: true, byLine };
  const claimed = new Set([...existing.values()].map((t) => t.id));
  const byTitle = groupBy(await tasks.list(input.tenantId, input.projectId, { limit: 100_000 }), (task) => titleKey(task.title, task.phase));
  const problems: LineProblem[] = [];
  for (const draft of keyless) {
    const candidates = (byTitle.get(titleKey(draft.title, draft.phase)) ?? []).filter((t) => !claimed.has(t.id));
    if (candidates.length > 1) {
      problems.push({ line: draft.line, problem: "ambiguous_title", vars: { keys: candidates.map((t) => t.key).join(", ") } });
      continue;
    }
    const [task] = candidates;
    if (!task) continue;
    claimed.add(task.id);
    byLine.set(draft.line, task);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, byLine };
}

/** Lines whose title an earlier line of the file already has. */
function duplicateTitles(drafts: readonly { line: number; title: string }[]): DuplicateTitle[] {
  const first = new Map<string, number>();
  const out: DuplicateTitle[] = [];
  for (const draft of drafts) {
    const k = draft.title.trim().toLowerCase().replace(/\s+/g, " ");
    const seen = first.get(k);
    if (seen === undefined) first.set(k, draft.line);
    else out.push({ line: draft.line, first: seen, title: draft.title });
  }
  return out;
}
