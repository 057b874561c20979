import type { CalendarService } from "../calendar/service.js";
import type { Logger } from "../logger.js";
import { isWorkingDay } from "../calendar/working-time.js";
import { dueLocalTimes, localParts, zonedTimeToInstant } from "../calendar/zones.js";
import { addDays, utcDate } from "../core/dates.js";
import type { ProjectService } from "../projects/service.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import type { BlockerService } from "./blockers.js";
import { blockerFlagCard } from "./messages.js";
import type { StandupService } from "./service.js";
import { summaryMessage } from "./summary-message.js";
import { summaryKey, type Summaries } from "./summary.js";
import { isStandupDay } from "./timing.js";

/** A blocker open more than this many working days is flagged to the project's PM. */
export const FLAG_AFTER_WORKING_DAYS = 2;

/** What the summary and blocker-flag schedules read. */
export interface ReportScheduleDeps {
  logger: Logger;
  standups: StandupService;
  blockers: BlockerService;
  calendars: CalendarService;
  projects: ProjectService;
  summaries: Summaries;
}

/** Team summaries at close (sent late, marked late, after downtime) and blockers flagged to the PM. */
export function createReportSchedules(deps: ReportScheduleDeps): OccurrenceSchedule[] {
  const { standups, calendars } = deps;

  const summaries: OccurrenceSchedule = {
    name: "standup-summaries",
    late: "send",
    async *due(window) {
      for (const { config, team } of await standups.active(window.to)) {
        const home = team.home;
        const dates = dueLocalTimes(window.from, window.to, config.closeTime, team.timezone).map((d) => d.date);
        if (dates.length === 0 || !home) continue;
        const { calendar } = await calendars.calendar(team.tenantId, team.calendar);
        const days = dates.filter((date) => isStandupDay(date, config.days, { calendar }));
        if (days.length === 0) continue;
        // Read before the claim's transaction (PGlite has one connection).
        const rules = await deps.summaries.rulesOf(team);
        const occurrences = days.map(
          (date): Occurrence => ({
            key: summaryKey(team.id, date),
            dueAt: zonedTimeToInstant(date, config.closeTime, team.timezone),
            to: { conversation: home, tenantId: team.tenantId },
            locale: team.locale,
            timeZone: team.timezone,
            async claimed(trx) {
              await trx.insertInto("standup_summaries").values({ team_id: team.id, local_date: date, tenant_id: team.tenantId, delivery_key: summaryKey(team.id, date) }).onConflict((oc) => oc.doNothing()).execute();
            },
            message: async ({ trx }) => summaryMessage(team.locale, await deps.summaries.teamDay(team, config, date, trx, rules)),
          }),
        );
        yield { occurrences };
      }
    },
  };

  const flags: OccurrenceSchedule = {
    name: "blocker-flags",
    late: "send",
    async *due(window) {
      const now = window.to;
      const candidates = await deps.blockers.awaitingFlag(addDays(utcDate(now), -(FLAG_AFTER_WORKING_DAYS - 1)));
      for (const blocker of candidates) {
        try {
          const rules = await calendars.rulesFor(blocker.tenantId, blocker.ownerId, blocker.teamId !== null ? { teamId: blocker.teamId } : {});
          const local = localParts(now, rules.timeZone);
          if (!isWorkingDay(local.date, rules) || local.time < rules.workStart) continue;
          const days = deps.summaries.ageOf(blocker.openedOn, rules, now);
          if (days <= FLAG_AFTER_WORKING_DAYS) continue;
          const members = await deps.projects.members(blocker.tenantId, blocker.projectId);
          const pms = members.filter((m) => m.roles.includes("pm"));
          const team = blocker.teamId !== null ? await standups.team(blocker.tenantId, blocker.teamId) : null;
          const occurrences: Occurrence[] = [];
          for (const pm of pms.length > 0 ? pms : members.filter((m) => m.roles.includes("admin"))) {
            const { locale, timeZone } = await calendars.rulesFor(blocker.tenantId, pm.personId);
            const card = blockerFlagCard({ locale, blocker, days, team: team?.name ?? "—" });
            occurrences.push({
              key: `blocker:${blocker.projectId}:${blocker.key}:flag:${pm.personId}`,
              // Flagged when first seen past the limit in working hours: never "late".
              dueAt: now,
              to: { person: { tenantId: blocker.tenantId, personId: pm.personId } },
              locale,
              timeZone,
              claimed: (trx) => deps.blockers.markFlagged(trx, blocker.id, now),
              message: () => card,
            });
          }
          if (occurrences.length > 0) yield { occurrences };
        } catch (error) {
          deps.logger.error({ err: error, blocker: blocker.id }, "blocker flag failed; a later run retries it");
        }
      }
    },
  };

  return [summaries, flags];
}
