import { addDays, weekdayOf } from "../core/dates.js";
import { localParts, zonedTimeToInstant } from "../calendar/zones.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import { localeOf, projectOf, type GoliveDeps } from "./deps.js";
import { t } from "./i18n.js";
import { countsText, exitCriteriaMet, issueCounts } from "./summary.js";
import { groupOf } from "./warroom-state.js";

/** Working days (Mon–Fri) without a sev1/sev2 open before hypercare may end. */
export const EXIT_WORKING_DAYS = 3;

/** The start of the working day `n` working days before `date`. */
function workingDaysBefore(date: string, n: number): string {
  let day = date;
  for (let left = n; left > 0; ) {
    day = addDays(day, -1);
    if (weekdayOf(day) !== 0 && weekdayOf(day) !== 6) left--;
  }
  return day;
}

/**
 * Hypercare: at 09:00 project-local each day the war room gets one summary (new, open and resolved issues by
 * severity), and when the exit criteria hold — no sev1/sev2 open for three working days, or the end date reached —
 * the PM is offered to close.
 */
export function hypercareSummaries(deps: GoliveDeps): OccurrenceSchedule {
  const { db } = deps;
  return {
    name: "golive-hypercare",
    late: "send",
    async *due(window) {
      const occurrences: Occurrence[] = [];
      for (const room of await db.selectFrom("warrooms").selectAll().where("status", "=", "hypercare").execute()) {
        const project = await projectOf(deps, { tenantId: room.tenant_id, projectId: room.project_id });
        const date = localParts(window.to, project.timezone).date;
        const at = zonedTimeToInstant(date, "09:00", project.timezone);
        if (at <= window.from || at > window.to) continue;
        const group = await groupOf(deps, room);
        const locale = (await deps.core.tenants.get(room.tenant_id)).locale;
        const counts = await issueCounts(db, room.id, new Date(at.getTime() - 86_400_000));
        if (group) {
          occurrences.push({ key: `golive:hypercare:${room.id}:${date}`, dueAt: at, to: { conversation: group, tenantId: room.tenant_id }, locale, timeZone: project.timezone, message: () => ({ title: t(locale, "golive.hypercare.daily_title", { project: project.name, date }), locale, blocks: [{ type: "text", markdown: countsText(locale, counts) }] }) });
        }
        const since = zonedTimeToInstant(workingDaysBefore(date, EXIT_WORKING_DAYS), "00:00", project.timezone);
        const ended = room.hypercare_until !== null && room.hypercare_until <= date;
        if (!(await exitCriteriaMet(db, room, since)) && !ended) continue;
        for (const pm of await deps.core.projects.members(room.tenant_id, room.project_id, "pm")) {
          const pmLocale = await localeOf(deps, room.tenant_id, pm.personId);
          occurrences.push({
            key: `golive:hypercare-exit:${room.id}:${date}:${pm.personId}`,
            dueAt: at,
            to: { person: { tenantId: room.tenant_id, personId: pm.personId } },
            locale: pmLocale,
            timeZone: project.timezone,
            message: () => ({ locale: pmLocale, blocks: [{ type: "text", markdown: t(pmLocale, ended ? "golive.hypercare.ended" : "golive.hypercare.exit_met", { days: EXIT_WORKING_DAYS, until: room.hypercare_until ?? "—" }) }, { type: "actions", buttons: [{ label: t(pmLocale, "golive.hypercare.close"), command: "warroom close", style: "primary" }] }] }),
          });
        }
      }
      if (occurrences.length > 0) yield { occurrences };
    },
  };
}
