import "./i18n.js"; // registers the texts these builders look up
import { groupBy } from "../core/group-by.js";
import { PHASES } from "../projects/service.js";
import type { Translate } from "./i18n.js";
import { actions, button, fields, text, type Button, type OutboundMessage } from "../core/message.js";
import { formatDue } from "./due.js";
import { showDue } from "./due-warnings.js";
import { ROLE_KEYS, STATUS_KEYS } from "./labels.js";
import type { LinkedBlocker, PersonRef, RaciRole, TaskStatus, TaskWithPeople } from "./model.js";

/** Names, joined; "—" when there are none. */
export function names(people: readonly PersonRef[]): string {
  return people.length > 0 ? people.map((p) => p.name).join(", ") : "—";
}

/** A task as one line: `**T-7** Title · due 2026-06-17`. */
export function taskLine(t: Translate, task: TaskWithPeople): string {
  const due = task.dueDate ? ` · ${t("raci.card.due_short", { due: showDue({ date: task.dueDate, time: task.dueTime }, t) })}` : "";
  return `**${task.key}** ${task.title}${due}`;
}

/** The command a button on a task runs; `--project` when the reader is in more than one project. */
export function taskCommand(verb: string, key: string, projectKey: string | null, extra = ""): string {
  return `task ${verb} ${key}${extra ? ` ${extra}` : ""}${projectKey ? ` --project ${projectKey}` : ""}`;
}

/** Done / Snooze 1d / Blocked for a task still to be done. */
export function nagButtons(t: Translate, key: string, projectKey: string | null): Button[] {
  return [
    button(t("raci.btn.done"), taskCommand("done", key, projectKey), "primary"),
    button(t("raci.btn.snooze"), taskCommand("snooze", key, projectKey, "1d")),
    button(t("raci.btn.blocked"), taskCommand("status", key, projectKey, "blocked")),
  ];
}

const statusLabel = (t: Translate, status: TaskStatus) => t(STATUS_KEYS[status]);

/** Linked stand-up blockers as lines. */
export function blockerLines(t: Translate, blockers: readonly LinkedBlocker[]): string[] {
  return blockers.map((b) => t("raci.card.blocker_line", { key: b.key, owner: b.ownerName, text: b.text }));
}

/** The task card: status, phase, due, R/A/C/I, blockers, latest changes, and what can be done next. */
export function taskCard(
  t: Translate,
  task: TaskWithPeople,
  extra: { blockers?: readonly LinkedBlocker[]; history?: readonly string[]; intro?: string } = {},
): OutboundMessage {
  const rows: [string, string][] = [
    [t("raci.card.status"), statusLabel(t, task.status)],
    [t("raci.card.phase"), task.phase ?? "—"],
    [t("raci.card.due"), showDue({ date: task.dueDate, time: task.dueTime }, t)],
    ...(["R", "A", "C", "I"] as const).map((role): [string, string] => [t(ROLE_KEYS[role]), names(task.people[role])]),
  ];
  // A done or cancelled task is not reminded about, so a snooze left on it means nothing.
  if (task.snoozedUntil && task.status !== "done" && task.status !== "cancelled") rows.push([t("raci.card.snoozed"), task.snoozedUntil]);
  if (task.status === "blocked" && task.blockedNote) rows.push([t("raci.card.blocked_note"), task.blockedNote]);
  const blocks = [...(extra.intro ? [text(extra.intro)] : []), fields(rows)];
  if (extra.blockers && extra.blockers.length > 0) blocks.push(text(`**${t("raci.card.blockers")}**\n${blockerLines(t, extra.blockers).join("\n")}`));
  if (extra.history && extra.history.length > 0) blocks.push(text(`**${t("raci.card.history")}**\n${extra.history.join("\n")}`));
  const done = task.status === "done" || task.status === "cancelled";
  blocks.push(done ? actions(button(t("raci.btn.reopen"), taskCommand("reopen", task.key, null))) : actions(...nagButtons(t, task.key, null)));
  return { title: `${task.key} · ${task.title}`, blocks };
}

/** A list of tasks, one line each with status, R and A. */
export function taskListMessage(t: Translate, title: string, tasks: readonly TaskWithPeople[], overdueOf: (task: TaskWithPeople) => number | null): OutboundMessage {
  if (tasks.length === 0) return { title, blocks: [text(t("raci.list.none"))] };
  const lines = tasks.map((task) => {
    const late = overdueOf(task);
    const lateText = late !== null && late > 0 ? ` · ⚠️ ${t("raci.list.overdue_days", { days: late })}` : "";
    return `${taskLine(t, task)} · ${statusLabel(t, task.status)}${lateText}\n   R: ${names(task.people.R)} · A: ${names(task.people.A)}`;
  });
  return { title, blocks: [text(lines.join("\n"))] };
}

/** Display width: East Asian wide characters take two columns in a monospace font. */
function width(value: string): number {
  let w = 0;
  for (const ch of value) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1faff}]/u.test(ch) ? 2 : 1;
  return w;
}

function cut(value: string, max: number): string {
  if (width(value) <= max) return value;
  let out = "";
  for (const ch of value) {
    if (width(`${out}${ch}`) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const padTo = (value: string, w: number) => value + " ".repeat(Math.max(0, w - width(value)));

/** An aligned monospace table. */
export function table(header: readonly string[], rows: readonly string[][], maxColumn = 24): string {
  const cells = [header, ...rows].map((row) => row.map((c) => cut(c, maxColumn)));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => width(row[i] ?? ""))));
  const line = (row: readonly string[]) => row.map((c, i) => padTo(c, widths[i] ?? 0)).join(" | ").trimEnd();
  return ["```", line(cells[0] ?? []), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.slice(1).map(line), "```"].join("\n");
}

/** The RACI matrix: a table per phase (tasks without a phase last), each row a task with its R, A, C, I. */
export function matrixMessage(t: Translate, project: string, tasks: readonly TaskWithPeople[], phaseName: (phase: string) => string): OutboundMessage {
  const title = t("raci.matrix.title", { project });
  if (tasks.length === 0) return { title, blocks: [text(t("raci.matrix.empty"))] };
  const byPhase = groupBy(tasks, (task) => task.phase ?? "");
  // In the project's phase order (planning … closed); phases of other names after them, then tasks without a phase.
  const rank = (phase: string) => (phase === "" ? PHASES.length + 1 : (PHASES as readonly string[]).includes(phase) ? (PHASES as readonly string[]).indexOf(phase) : PHASES.length);
  const phases = [...byPhase.keys()].sort((a, b) => rank(a) - rank(b));
  const header = [t("raci.matrix.key"), t("raci.matrix.task"), t("raci.matrix.due"), t("raci.matrix.status"), "R", "A", "C", "I"];
  const roles: RaciRole[] = ["R", "A", "C", "I"];
  const blocks = phases.map((phase) => {
    const rows = (byPhase.get(phase) ?? []).map((task) => [task.key, task.title, formatDue(task.dueDate, task.dueTime), statusLabel(t, task.status), ...roles.map((r) => names(task.people[r]))]);
    return text(`**${phase ? phaseName(phase) : t("raci.matrix.no_phase")}** (${rows.length})\n${table(header, rows)}`);
  });
  return { title, blocks };
}
