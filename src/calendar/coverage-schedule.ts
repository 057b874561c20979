import { isWithinWorkHours } from "./working-time.js";
import type { Database } from "../db/database.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import { claimedAmong } from "../schedule/claims.js";
import type { CoreServices } from "../services.js";
import { findCoverageGaps, type CoverageGap } from "./coverage-needs.js";
import { coverageNotice } from "./coverage-notice.js";
import { translator } from "./i18n.js";
import type { CalendarService } from "./service.js";

/** The claim (and delivery) key of one admin's notice about one calendar's missing year: sent once, across restarts. */
export const coverageKey = (tenantId: number, calendarId: string, year: string, personId: number) => `calendar:coverage:${tenantId}:${calendarId}:${year}:${personId}`;

/**
 * Tells each admin of a tenant (its PMs where it has no admin), once per calendar and year, that a calendar in use
 * lacks a year that is needed — this year, next year from November on, a go-live's year, or one a schedule reached —
 * and that the year counts as weekends only until someone imports it. Sent in the admin's working hours; the claim
 * key remembers it was sent, so later ticks and restarts do not repeat it.
 */
export function coverageNotices(deps: { db: Database; core: Pick<CoreServices, "projects">; calendars: CalendarService }): OccurrenceSchedule {
  const { db, calendars } = deps;
  return {
    name: "calendar-coverage",
    late: "send",
    async *due(window) {
      const now = window.to;
      const gaps = await findCoverageGaps({ db, calendar: calendars.calendar }, now, { seen: calendars.uncoveredSeen() });
      const byTenant = new Map<number, CoverageGap[]>();
      for (const gap of gaps) byTenant.set(gap.tenantId, [...(byTenant.get(gap.tenantId) ?? []), gap]);
      for (const [tenantId, tenantGaps] of byTenant) {
        const projectIds = (await deps.core.projects.list(tenantId)).map((p) => p.id);
        let people = [...new Set((await deps.core.projects.holders(projectIds, "admin")).map((h) => h.personId))];
        if (people.length === 0) people = [...new Set((await deps.core.projects.holders(projectIds, "pm")).map((h) => h.personId))];
        const keys = tenantGaps.flatMap((g) => people.map((p) => coverageKey(tenantId, g.calendar.id, g.year, p)));
        const sent = await claimedAmong(db, keys);
        if (keys.every((k) => sent.has(k))) continue;
        const occurrences: Occurrence[] = [];
        for (const personId of people) {
          const open = tenantGaps.filter((g) => !sent.has(coverageKey(tenantId, g.calendar.id, g.year, personId)));
          if (open.length === 0) continue;
          const rules = await calendars.rulesFor(tenantId, personId);
          if (!isWithinWorkHours(now, rules)) continue;
          const t = translator(rules.locale);
          for (const gap of open) {
            occurrences.push({
              key: coverageKey(tenantId, gap.calendar.id, gap.year, personId),
              dueAt: now,
              to: { person: { tenantId, personId } },
              locale: rules.locale,
              timeZone: rules.timeZone,
              message: () => coverageNotice(t, gap),
            });
          }
        }
        if (occurrences.length > 0) yield { occurrences };
      }
    },
  };
}
