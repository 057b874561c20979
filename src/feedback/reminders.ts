import { createHash } from "node:crypto";
import type { CalendarService, PersonRules } from "../calendar/service.js";
import { isWithinWorkHours } from "../calendar/working-time.js";
import { localParts, zonedTimeToInstant } from "../calendar/zones.js";
import { groupBy } from "../core/group-by.js";
import { actions, button, text } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import type { CoreServices } from "../services.js";
import { t } from "./i18n.js";
import { keyUsersByModule } from "./keyusers.js";
import { PRIORITIES } from "./schema.js";
import { DEFAULT_TARGETS, settingsOf } from "./settings.js";
import type { ItemRow } from "./store.js";
import { priorityLabel, snippet } from "./views.js";
import { afterWorkingTime, workdayMs } from "./working-age.js";

/** What one reminder lists at most; the rest are counted, with the command that lists them all. */
export const REMINDER_LISTED = 10;

type Waiting = Pick<ItemRow, "id" | "tenant_id" | "number" | "key" | "module" | "priority" | "created_at">;

/** One recipient's overdue items: the most urgent and oldest first, and the hash that names the set for the day. */
interface DueList {
  due: Waiting[];
  /** Every item is past twice its target (the PM's wording). */
  escalated: boolean;
  latestDue: number;
  set: string;
}

/** A project's untriaged items that share a response target and key users, oldest first. */
interface TargetGroup {
  module: string | null;
  urgent: boolean;
  items: Waiting[];
}

/**
 * Response targets: feedback still untriaged after its priority's target (urgent: working hours, others: working
 * days, measured on each recipient's own calendar) reminds the project's key users; after twice the target, the PM
 * too. Only in the recipient's working hours, on their working days; one message per person listing their items
 * (the most urgent and oldest first, at most REMINDER_LISTED, then how many more), at most once a day for the same
 * items (an urgent one that falls due later in the day sends a new list).
 */
export function triageReminders(deps: { db: Database; core: Pick<CoreServices, "projects">; calendars: Pick<CalendarService, "rulesForPeople"> }): OccurrenceSchedule {
  const { db } = deps;
  return {
    name: "feedback-triage-reminders",
    late: "send",
    async *due(window) {
      const now = window.to;
      // Nothing is overdue before the shortest target has passed in calendar time.
      const filedBefore = new Date(now.getTime() - Math.min(DEFAULT_TARGETS.urgentHours, 1) * 3600_000);
      // The trigger-kept rollup names the projects with untriaged items; each project's are then read oldest first
      // from its status index, with no scan of other projects' items and no sort.
      const projects = await db.selectFrom("feedback_rollup").select("project_id").distinct().where("status", "=", "new").where("n", ">", 0).orderBy("project_id").execute();
      for (const { project_id: projectId } of projects) {
        const items: Waiting[] = await db
          .selectFrom("feedback_items")
          .select(["id", "tenant_id", "number", "key", "module", "priority", "created_at"])
          .where("project_id", "=", projectId)
          .where("status", "=", "new")
          .where("created_at", "<=", filedBefore)
          .orderBy("created_at")
          .orderBy("id")
          .execute();
        if (items.length === 0) continue;
        const tenantId = items[0]!.tenant_id;
        const project = await deps.core.projects.get(tenantId, projectId);
        if (!project) continue;
        const settings = await settingsOf(db, projectId);
        const members = await deps.core.projects.members(tenantId, projectId);
        const byModule = await keyUsersByModule(db, projectId);
        const groups: TargetGroup[] = [...groupBy(items, (item) => `${item.priority === "urgent"}:${item.module ?? ""}`).values()].map((its) => ({ module: its[0]!.module, urgent: its[0]!.priority === "urgent", items: its }));
        const occurrences: Occurrence[] = [];
        // Members on the same calendar, hours and leave see the same items due: each group is walked once for them,
        // and each distinct list is sorted and hashed once.
        const walks = new Map<string, { count: number; at: Date } | null>();
        const lists = new Map<string, DueList>();
        const rungOf = (member: (typeof members)[number], group: TargetGroup) => rung(member, group.module ? byModule.get(group.module) : undefined);
        const told = members.filter((member) => groups.some((group) => rungOf(member, group) > 0));
        const rulesOf = await deps.calendars.rulesForPeople(tenantId, told.map((member) => member.personId));
        for (const member of told) {
          const rules = rulesOf.get(member.personId);
          if (!rules || !isWithinWorkHours(now, rules)) continue;
          const calendar = rulesKey(rules);
          const parts: { group: TargetGroup; rung: number; count: number; at: Date }[] = [];
          for (const [index, group] of groups.entries()) {
            const r = rungOf(member, group);
            if (r === 0) continue;
            const workMs = (group.urgent ? settings.urgentHours * 3600_000 : settings.otherDays * workdayMs(rules)) * r;
            const walked = `${calendar}|${index}|${r}`;
            let last = walks.get(walked);
            if (last === undefined) walks.set(walked, (last = lastDue(group.items, (item) => afterWorkingTime(item.created_at, workMs, rules, now))));
            if (last) parts.push({ group, rung: r, ...last });
          }
          if (parts.length === 0) continue;
          const listKey = parts.map((part) => `${groups.indexOf(part.group)}:${part.rung}:${part.count}`).join(",");
          let list = lists.get(listKey);
          if (!list) lists.set(listKey, (list = dueList(parts)));
          const { due, escalated, latestDue, set } = list;
          const today = localParts(now, rules.timeZone).date;
          const workStart = zonedTimeToInstant(today, rules.workStart, rules.timeZone);
          const locale = rules.locale;
          const listed = due.slice(0, REMINDER_LISTED);
          const more = due.length - listed.length;
          const listAll = `feedback list --status new --project ${project.key}`;
          const listAllTyped = `${locale === "zh-CN" ? "反馈 列表" : "feedback list"} --status new --project ${project.key}`;
          occurrences.push({
            key: `feedback:triage:${member.personId}:${today}:${set}`,
            dueAt: new Date(Math.max(workStart.getTime(), latestDue)),
            to: { person: { tenantId, personId: member.personId } },
            locale,
            timeZone: rules.timeZone,
            message: async ({ trx }) => {
              // Only the listed items' texts are read, when the reminder is actually sent.
              const texts = new Map((await trx.selectFrom("feedback_items").select(["id", "text"]).where("id", "in", listed.map((item) => item.id)).execute()).map((row) => [row.id, row.text]));
              return {
                title: t(locale, "feedback.remind.title", { count: due.length, project: project.name }),
                blocks: [
                  text(t(locale, escalated ? "feedback.remind.intro_pm" : "feedback.remind.intro", { count: due.length })),
                  text(listed.map((item) => `• **${item.key}** [${priorityLabel(locale, item.priority)}] ${snippet(texts.get(item.id) ?? "", 80)}`).join("\n")),
                  ...(more > 0 ? [text(t(locale, "feedback.remind.more", { count: more, command: listAllTyped }))] : []),
                  actions(
                    ...listed.slice(0, 3).map((item) => button(t(locale, "feedback.remind.triage_btn", { key: item.key }), `feedback show ${item.key} --project ${project.key}`)),
                    ...(more > 0 ? [button(t(locale, "feedback.remind.all_btn", { count: due.length }), listAll)] : []),
                  ),
                ],
                locale,
              };
            },
          });
        }
        if (occurrences.length > 0) yield { occurrences };
      }
    },
  };
}

function dueList(parts: readonly { group: TargetGroup; rung: number; count: number; at: Date }[]): DueList {
  const due = parts.flatMap((part) => part.group.items.slice(0, part.count));
  const rank = (item: Waiting) => PRIORITIES.indexOf(item.priority);
  due.sort((a, b) => rank(a) - rank(b) || a.number - b.number);
  const ids = [...due].sort((a, b) => a.number - b.number).map((item) => item.id);
  return {
    due,
    escalated: parts.every((part) => part.rung === 2),
    latestDue: Math.max(...parts.map((part) => part.at.getTime())),
    set: createHash("sha256").update(ids.join(",")).digest("hex").slice(0, 16),
  };
}

/**
 * How many of `items` (oldest first) are due, and when the newest of them fell due. Falling due is monotone in age
 * (an older item has had at least as much working time), so a binary search asks the calendar walk about log n items
 * instead of every one: a backlog of thousands costs a handful of walks per recipient.
 */
function lastDue<T>(items: readonly T[], dueAt: (item: T) => Date | null): { count: number; at: Date } | null {
  let low = 0;
  let high = items.length - 1;
  let found: { count: number; at: Date } | null = null;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = dueAt(items[mid]!);
    if (at) {
      found = { count: mid + 1, at };
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

const calendarIds = new WeakMap<object, number>();
let calendarsSeen = 0;

/** What decides a person's working time: equal keys, equal answers from the working-time walks. */
function rulesKey(rules: PersonRules): string {
  let id = calendarIds.get(rules.calendar);
  if (id === undefined) calendarIds.set(rules.calendar, (id = ++calendarsSeen));
  return `${id}|${rules.timeZone}|${rules.workStart}|${rules.workEnd}|${JSON.stringify(rules.leave)}`;
}

/**
 * When a member hears of an untriaged item, in targets: 1 at the target, 2 at twice it, 0 never. The module's own key
 * users come first where it has them; the project's key users follow at twice the target then, and the PM always.
 */
function rung(member: { personId: number; roles: readonly string[] }, moduleKeyUsers: readonly number[] | undefined): number {
  if (moduleKeyUsers && moduleKeyUsers.length > 0) {
    if (moduleKeyUsers.includes(member.personId)) return 1;
    return member.roles.includes("pm") || member.roles.includes("key_user") ? 2 : 0;
  }
  return member.roles.includes("pm") ? 2 : member.roles.includes("key_user") ? 1 : 0;
}
