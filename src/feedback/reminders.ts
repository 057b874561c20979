import { createHash } from "node:crypto";
import type { CalendarService } from "../calendar/service.js";
import { isWithinWorkHours } from "../calendar/working-time.js";
import { localParts, zonedTimeToInstant } from "../calendar/zones.js";
import { actions, button, text } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import type { CoreServices } from "../services.js";
import { t } from "./i18n.js";
import { keyUsersByModule } from "./keyusers.js";
import { DEFAULT_TARGETS, settingsOf, type FeedbackSettings } from "./settings.js";
import type { ItemRow } from "./store.js";
import { priorityLabel, snippet } from "./views.js";
import { afterWorkingTime, workdayMs } from "./working-age.js";

/**
 * Response targets: feedback still untriaged after its priority's target (urgent: working hours, others: working
 * days, measured on each recipient's own calendar) reminds the project's key users; after twice the target, the PM
 * too. Only in the recipient's working hours, on their working days; one message per person listing all their items,
 * at most once a day for the same items (an urgent one that falls due later in the day sends a new list).
 */
export function triageReminders(deps: { db: Database; core: Pick<CoreServices, "projects">; calendars: Pick<CalendarService, "rulesFor"> }): OccurrenceSchedule {
  const { db } = deps;
  return {
    name: "feedback-triage-reminders",
    late: "send",
    async *due(window) {
      const now = window.to;
      // Nothing is overdue before the shortest target has passed in calendar time.
      const untriaged = await db
        .selectFrom("feedback_items")
        .selectAll()
        .where("status", "=", "new")
        .where("created_at", "<=", new Date(now.getTime() - Math.min(DEFAULT_TARGETS.urgentHours, 1) * 3600_000))
        .orderBy("project_id")
        .orderBy("number")
        .execute();
      const byProject = new Map<number, ItemRow[]>();
      for (const item of untriaged) byProject.set(item.project_id, [...(byProject.get(item.project_id) ?? []), item]);
      for (const [projectId, items] of byProject) {
        const tenantId = items[0]!.tenant_id;
        const project = await deps.core.projects.get(tenantId, projectId);
        if (!project) continue;
        const settings = await settingsOf(db, projectId);
        const members = await deps.core.projects.members(tenantId, projectId);
        const byModule = await keyUsersByModule(db, projectId);
        const occurrences: Occurrence[] = [];
        for (const member of members) {
          const rungOf = (item: ItemRow) => rung(member, item.module ? byModule.get(item.module) : undefined);
          if (!items.some((item) => rungOf(item) > 0)) continue;
          const rules = await deps.calendars.rulesFor(tenantId, member.personId);
          if (!isWithinWorkHours(now, rules)) continue;
          const due: { item: ItemRow; at: Date; rung: number }[] = [];
          for (const item of items) {
            const r = rungOf(item);
            const at = r === 0 ? null : afterWorkingTime(item.created_at, targetMs(settings, item, rules) * r, rules, now);
            if (at) due.push({ item, at, rung: r });
          }
          if (due.length === 0) continue;
          const escalated = due.every((d) => d.rung === 2);
          const today = localParts(now, rules.timeZone).date;
          const workStart = zonedTimeToInstant(today, rules.workStart, rules.timeZone);
          const latest = Math.max(workStart.getTime(), ...due.map((d) => d.at.getTime()));
          const set = createHash("sha256").update(due.map((d) => d.item.id).join(",")).digest("hex").slice(0, 16);
          const locale = rules.locale;
          occurrences.push({
            key: `feedback:triage:${member.personId}:${today}:${set}`,
            dueAt: new Date(latest),
            to: { person: { tenantId, personId: member.personId } },
            locale,
            timeZone: rules.timeZone,
            message: () => ({
              title: t(locale, "feedback.remind.title", { count: due.length, project: project.name }),
              blocks: [
                text(t(locale, escalated ? "feedback.remind.intro_pm" : "feedback.remind.intro", { count: due.length })),
                text(due.map((d) => `• **${d.item.key}** [${priorityLabel(locale, d.item.priority)}] ${snippet(d.item.text, 80)}`).join("\n")),
                actions(...due.slice(0, 3).map((d) => button(t(locale, "feedback.remind.triage_btn", { key: d.item.key }), `feedback show ${d.item.key} --project ${project.key}`))),
              ],
              locale,
            }),
          });
        }
        if (occurrences.length > 0) yield { occurrences };
      }
    },
  };
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

function targetMs(settings: FeedbackSettings, item: ItemRow, rules: Parameters<typeof workdayMs>[0]): number {
  return item.priority === "urgent" ? settings.urgentHours * 3600_000 : settings.otherDays * workdayMs(rules);
}
