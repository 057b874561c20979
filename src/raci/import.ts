import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { decodeTextFile } from "../core/attachments.js";
import type { Clock } from "../core/clock.js";
import { translator, type Locale, type Translate } from "./i18n.js";
import { text, type OutboundMessage } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { PeopleService } from "../people/service.js";
import type { ProjectService } from "../projects/service.js";
import type { TenantService } from "../tenants/service.js";
import { formatDue } from "./due.js";
import { planImport, type DuplicateTitle, type ImportPlan, type LineProblem, type PlannedRow } from "./import-plan.js";
import { IMPORT_PROBLEM_KEYS } from "./labels.js";
import { RACI_ROLES } from "./model.js";
import { createProjectPeopleResolver } from "./people-refs.js";
import type { TaskService } from "./service.js";
import type { GateHandler } from "./task-port.js";

/** Who imports into which project; `personId` is null from the command line. */
export interface ImportTarget {
  tenantId: number;
  projectId: number;
  personId: number | null;
  locale: Locale;
}

/** What an import did (or, in a dry run, would do). */
export interface ImportOutcome {
  ok: boolean;
  dryRun: boolean;
  created: string[];
  updated: string[];
  unchanged: string[];
  problems: LineProblem[];
  message: OutboundMessage;
}

/** The largest CSV an import reads: pasted, uploaded in chat, or a file in the console and CLI. */
export const MAX_IMPORT_BYTES = 1_000_000;
const MAX_SHOWN = 25;

function describe(t: Translate, row: PlannedRow): string {
  if (!row.existing) {
    const due = row.due ? ` · ${t("raci.card.due_short", { due: formatDue(row.due.date, row.due.time) })}` : "";
    return t("raci.import.line_new", { line: row.line, key: row.key ?? t("raci.import.next_key"), title: row.title, r: row.names.R.join(", "), a: row.names.A.join(", ") }) + due;
  }
  const entries = Object.entries(row.changes);
  if (entries.length === 0) return t("raci.import.line_same", { line: row.line, key: row.existing.key });
  const show = (v: unknown) => (Array.isArray(v) ? v.join(", ") || "—" : v === null || v === undefined || v === "" ? "—" : String(v));
  return t("raci.import.line_changed", { line: row.line, key: row.existing.key, changes: entries.map(([field, c]) => `${field}: ${show(c.from)} → ${show(c.to)}`).join("; ") });
}

/** How keyless lines were matched ("matched N, new M"), and the titles the file has twice. */
function notes(t: Translate, rows: readonly PlannedRow[], duplicates: readonly DuplicateTitle[]) {
  const keyless = rows.filter((r) => !r.key);
  const out = [];
  if (keyless.length > 0) out.push(text(t("raci.import.matched", { matched: keyless.filter((r) => r.matched).length, fresh: keyless.filter((r) => !r.matched).length })));
  if (duplicates.length > 0) out.push(text([t("raci.import.duplicates_title"), ...duplicates.map((d) => `⚠️ ${t("raci.import.duplicate_title", { line: d.line, first: d.first, title: d.title })}`)].join("\n")));
  return out;
}

function listBlock(lines: string[], t: Translate): string {
  const shown = lines.slice(0, MAX_SHOWN);
  if (lines.length > MAX_SHOWN) shown.push(t("raci.import.more_lines", { count: lines.length - MAX_SHOWN }));
  return shown.join("\n");
}

/** `raci import`: a CSV (pasted, a console file, or the command line) checked as a whole, then written in one transaction. */
export function createRaciImport(deps: { db: Database; clock: Clock; tasks: TaskService; people: PeopleService; projects: ProjectService; tenants: TenantService; gates?: () => GateHandler | null }) {
  const { db, clock, tasks } = deps;

  const apply = async (target: ImportTarget, rows: PlannedRow[]): Promise<{ created: string[]; updated: string[] }> => {
    const at = clock.now();
    return db.transaction().execute(async (trx) => {
      const created: string[] = [];
      const updated: string[] = [];
      // A key always names an existing task (the plan refuses others), so new tasks simply take the next numbers.
      const fresh = rows.filter((r) => !r.existing);
      let next = fresh.length > 0 ? await tasks.allocate(trx, target.tenantId, target.projectId, fresh.length) : 0;
      for (const row of rows) {
        const letters = Object.fromEntries(RACI_ROLES.map((r) => [r, row.names[r]]));
        if (!row.existing) {
          const number = next++;
          const task = await tasks.insert(trx, { tenantId: target.tenantId, projectId: target.projectId, number, title: row.title, phase: row.phase, due: row.due, createdBy: target.personId, at });
          await tasks.setPeople(trx, task, row.ids);
          await tasks.record(trx, task, target.personId, "imported", { title: row.title, phase: row.phase, due: row.due ? formatDue(row.due.date, row.due.time) : null, ...letters, ...(row.gate ? { gate: row.gate } : {}) }, at);
          if (row.gate) await deps.gates?.()?.attach(trx, { tenantId: target.tenantId, projectId: target.projectId, taskId: task.id, category: row.gate });
          created.push(task.key);
          continue;
        }
        if (Object.keys(row.changes).length === 0) continue;
        const task = await tasks.lock(trx, row.existing.id);
        await tasks.update(trx, task.id, { title: row.title, phase: row.phase, due: row.due }, at);
        await tasks.setPeople(trx, task, row.ids);
        await tasks.record(trx, task, target.personId, "imported", row.changes, at);
        if (row.changes.gate && row.gate) await deps.gates?.()?.attach(trx, { tenantId: target.tenantId, projectId: target.projectId, taskId: task.id, category: row.gate });
        updated.push(task.key);
      }
      return { created, updated };
    });
  };

  /** Checks the CSV; unless `dryRun`, writes it — all lines or, when any line has a problem, none. */
  const run = async (target: ImportTarget, csv: string, options: { dryRun: boolean; projectName: string; from?: "chat" | "cli" }): Promise<ImportOutcome> => {
    const t = translator(target.locale);
    const project = await deps.projects.get(target.tenantId, target.projectId);
    if (!project) throw new Error(`project ${target.projectId} not found`);
    const resolvePerson = createProjectPeopleResolver(deps, target.tenantId, target.projectId);
    const plan: ImportPlan =
      csv.length > MAX_IMPORT_BYTES
        ? { ok: false, problems: [{ line: 1, problem: "too_large" }] }
        : await planImport({ text: csv, tenantId: target.tenantId, projectId: target.projectId, timeZone: project.timezone, now: clock.now() }, { tasks, resolve: resolvePerson, gates: deps.gates?.() ?? null });
    if (!plan.ok) {
      const lines = plan.problems.map((p) => t("raci.import.problem_line", { line: p.line, problem: t(IMPORT_PROBLEM_KEYS[p.problem], p.vars ?? {}) }));
      return {
        ok: false,
        dryRun: options.dryRun,
        created: [],
        updated: [],
        unchanged: [],
        problems: plan.problems,
        message: { title: t("raci.import.failed_title", { count: new Set(plan.problems.map((p) => p.line)).size }), blocks: [text(listBlock(lines, t)), text(t("raci.import.failed_hint"))] },
      };
    }
    const unchanged = plan.rows.filter((r) => r.existing && Object.keys(r.changes).length === 0).map((r) => r.existing?.key ?? "");
    const described = plan.rows.map((r) => describe(t, r));
    const ignored = [
      ...(plan.ignoredColumns.length > 0 ? [text(t("raci.import.ignored_columns", { columns: plan.ignoredColumns.join(", ") }))] : []),
      ...notes(t, plan.rows, plan.duplicateTitles),
    ];
    if (options.dryRun) {
      const created = plan.rows.filter((r) => !r.existing).map((r) => r.key ?? "");
      const updated = plan.rows.filter((r) => r.existing && Object.keys(r.changes).length > 0).map((r) => r.existing?.key ?? "");
      const counts = { created: created.length, updated: updated.length, unchanged: unchanged.length, project: options.projectName };
      return {
        ok: true,
        dryRun: true,
        created,
        updated,
        unchanged,
        problems: [],
        message: { title: t("raci.import.dry_title", counts), blocks: [text(listBlock(described, t)), ...ignored, text(t(options.from === "cli" ? "raci.import.dry_hint_cli" : "raci.import.dry_hint"))] },
      };
    }
    const { created, updated } = await apply(target, plan.rows);
    const counts = { created: created.length, updated: updated.length, unchanged: unchanged.length, project: options.projectName, keys: created.join(", ") || "—" };
    return { ok: true, dryRun: false, created, updated, unchanged, problems: [], message: { title: t("raci.import.done_title", counts), blocks: [text(listBlock(described, t)), ...ignored] } };
  };

  return {
    run,

    /** Reads a CSV file (the console and the command line only; chat platforms paste the text). */
    async readFile(path: string): Promise<{ ok: true; text: string } | { ok: false; reason: "no_file" | "too_large" | "not_text" }> {
      const full = resolve(process.cwd(), path);
      const info = await stat(full).catch(() => null);
      if (!info?.isFile()) return { ok: false, reason: "no_file" };
      if (info.size > MAX_IMPORT_BYTES) return { ok: false, reason: "too_large" };
      // Decoded like an upload (UTF-8, else GB18030 as Excel writes it on Chinese Windows), so a file reads the same on every path.
      const decoded = decodeTextFile(await readFile(full));
      return decoded === null ? { ok: false, reason: "not_text" } : { ok: true, text: decoded };
    },
  };
}

export type RaciImport = ReturnType<typeof createRaciImport>;
