import { UserError } from "../core/command.js";
import { hasKey, translator, type Translate } from "./i18n.js";
import type { OutboundMessage } from "../core/message.js";
import { localParts } from "../calendar/zones.js";
import { workingDaysBetween } from "../calendar/working-time.js";
import type { AskerTools, RaciDeps, TaskAsker } from "./asker.js";
import { HISTORY_ACTION_FIELDS, HISTORY_FIELD_KEYS, HISTORY_KEYS, STATUS_KEYS } from "./labels.js";
import { matrixMessage, taskCard, taskListMessage } from "./messages.js";
import { ACTIVE_STATUSES, isStatus, readPhase, readStatus, type Task, type TaskWithPeople } from "./model.js";
import type { TaskFilter } from "./service.js";

/** What `task list` shows. */
export interface ListQuery {
  /** mine (default), overdue, open, all. */
  which?: string;
  person?: string;
  phase?: string;
  status?: string;
}

const LIST_LIMIT = 100;
const HISTORY_LINES = 5;

/** A recorded value as the person reads it: statuses and phases in their language, lists joined, nothing as "—". */
function describeValue(t: Translate, field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length > 0 ? value.map(String).join(", ") : "—";
  if (field === "status" && typeof value === "string" && isStatus(value)) return t(STATUS_KEYS[value]);
  if (field === "phase" && typeof value === "string" && hasKey("en", `phases.${value}`)) return t(`phases.${value}`);
  return String(value);
}

const isEmptyValue = (value: unknown) => value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

/** A recorded field's label in the person's language; an unknown field keeps its name. */
function fieldLabel(t: Translate, field: string): string {
  const key = HISTORY_FIELD_KEYS[field];
  return key ? t(key) : field;
}

/** One history entry as a line: `06-16 09:05 · 刘洋 Liu Yang · 状态：待办 → 已完成`. */
export function historyLine(t: Translate, entry: { action: string; changes: Record<string, unknown>; at: Date; by: string | null }, timeZone: string): string {
  const when = localParts(entry.at, timeZone);
  const actionKey = HISTORY_KEYS[entry.action];
  const action = actionKey ? t(actionKey) : entry.action;
  // The database keeps JSON keys in its own order: show them in the card's order, and leave out what a new task left empty.
  const order = Object.keys(HISTORY_FIELD_KEYS);
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const entries = Object.entries(entry.changes)
    .filter(([field, value]) => (field !== "title" || entry.action === "edited") && !(isEmptyValue(value) && (entry.action === "created" || entry.action === "imported")))
    .sort(([a], [b]) => rank(a) - rank(b));
  const parts = entries.map(([field, change]) => {
    // A change of the one thing the action names reads "状态：待办 → 已完成", not "状态：状态：…".
    const label = entries.length === 1 && HISTORY_ACTION_FIELDS[entry.action] === field ? "" : `${fieldLabel(t, field)} `;
    if (change && typeof change === "object" && !Array.isArray(change) && "to" in change) {
      const { from, to } = change as { from?: unknown; to?: unknown };
      return `${label}${describeValue(t, field, from)} → ${describeValue(t, field, to)}`;
    }
    return `${label}${describeValue(t, field, change)}`;
  });
  return `${when.date.slice(5)} ${when.time} · ${entry.by ?? "—"} · ${action}${parts.length > 0 ? `${t("raci.history.colon")}${parts.join(t("raci.history.separator"))}` : ""}`;
}

/** The task card, `task show`, `task list` and `raci matrix`. */
export function createTaskViews(deps: RaciDeps, tools: AskerTools) {
  const { tasks, clock } = deps;

  const phaseName = (t: Translate) => (phase: string) => (hasKey("en", `phases.${phase}`) ? t(`phases.${phase}`) : phase);

  const card = async (who: TaskAsker, task: Task, intro?: string, withHistory = false): Promise<OutboundMessage> => {
    const t = translator(who.locale);
    const [full] = await tasks.withPeople([task]);
    if (!full) throw new UserError("raci.errors.task_unknown", { key: task.key, project: who.projectName });
    const blockers = (await tasks.linkedBlockers([task.projectId])).get(`${task.projectId}:${task.key}`) ?? [];
    const project = await tools.project(who);
    const history = withHistory ? (await tasks.history(task.id, HISTORY_LINES)).map((h) => historyLine(t, h, project.timezone)) : [];
    const shown: TaskWithPeople = { ...full, phase: full.phase ? phaseName(t)(full.phase) : null };
    return taskCard(t, shown, { blockers, history, ...(intro ? { intro } : {}) });
  };

  return {
    card: (who: TaskAsker, task: Task, intro?: string) => card(who, task, intro),

    async show(who: TaskAsker, keyText: string): Promise<OutboundMessage> {
      return card(who, await tools.task(who, keyText), undefined, true);
    },

    async list(who: TaskAsker, query: ListQuery): Promise<OutboundMessage> {
      const t = translator(who.locale);
      const now = clock.now();
      const which = (query.which ?? (query.person || query.phase ? "open" : "mine")).trim().toLowerCase();
      const filter: TaskFilter = { limit: LIST_LIMIT };
      let title: string;
      if (["mine", "my", "我的"].includes(which)) {
        Object.assign(filter, { personId: who.personId, roles: ["R", "A"], statuses: ACTIVE_STATUSES });
        title = t("raci.list.mine");
      } else if (["overdue", "late", "逾期", "超期"].includes(which)) {
        filter.overdueAt = now;
        title = t("raci.list.overdue");
      } else if (["open", "active", "未完成"].includes(which)) {
        filter.statuses = ACTIVE_STATUSES;
        title = t("raci.list.open");
      } else if (["all", "全部"].includes(which)) title = t("raci.list.all");
      else throw new UserError("raci.errors.bad_list", { which });
      if (query.person) {
        const ids = await tools.peopleIds(who, { R: query.person });
        const personId = ids.R?.[0];
        if (personId === undefined) throw new UserError("raci.errors.person_unknown", { who: query.person });
        filter.personId = personId;
        filter.roles = ["R", "A", "C", "I"];
        title = t("raci.list.of_person", { name: (await deps.people.get(who.tenantId, personId))?.displayName ?? query.person });
      }
      if (query.phase) {
        filter.phase = readPhase(query.phase) ?? "";
        title += ` · ${phaseName(t)(filter.phase)}`;
      }
      if (query.status) {
        const status = readStatus(query.status);
        if (!status) throw new UserError("raci.errors.bad_status", { status: query.status });
        filter.statuses = [status];
      }
      const found = await tasks.list(who.tenantId, who.projectId, filter);
      const rules = await deps.calendars.rulesFor(who.tenantId, who.personId);
      const today = localParts(now, rules.timeZone).date;
      const overdue = (task: TaskWithPeople) =>
        task.dueAt && task.dueDate && task.dueAt.getTime() <= now.getTime() && task.status !== "done" && task.status !== "cancelled" ? Math.max(1, workingDaysBetween(task.dueDate, today, { calendar: rules.calendar })) : null;
      return taskListMessage(t, `${title} (${found.length})`, found, overdue);
    },

    /** The project's blocked tasks as a block for `blocker list` (key, title, reason, R), or null when there are none. */
    async blockedTasksText(who: TaskAsker): Promise<string | null> {
      const t = translator(who.locale);
      const found = await tasks.list(who.tenantId, who.projectId, { statuses: ["blocked"], limit: 50 });
      if (found.length === 0) return null;
      const lines = found.map((task) => t("raci.blocked_line", { key: task.key, title: task.title, note: task.blockedNote ?? "—", r: task.people.R.map((p) => p.name).join(", ") || "—" }));
      return [`**${t("raci.blocked_tasks")}** (${found.length})`, ...lines].join("\n");
    },

    async matrix(who: TaskAsker, phase?: string): Promise<OutboundMessage> {
      const t = translator(who.locale);
      const wanted = phase ? readPhase(phase) : undefined;
      const found = await tasks.list(who.tenantId, who.projectId, { statuses: ["open", "in_progress", "blocked", "done"], limit: 2000, ...(wanted ? { phase: wanted } : {}) });
      const ordered = [...found].sort((a, b) => a.number - b.number);
      return matrixMessage(t, who.projectName, ordered, phaseName(t));
    },
  };
}

export type TaskViews = ReturnType<typeof createTaskViews>;
