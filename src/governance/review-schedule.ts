import type { CalendarService } from "../calendar/service.js";
import { isWorkingDay, workingDaysBetween } from "../calendar/working-time.js";
import { dueMemo, localParts } from "../calendar/zones.js";
import { DAY_MS } from "../core/dates.js";
import { groupBy } from "../core/group-by.js";
import { actions, button, text } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import { translator } from "./i18n.js";
import { REVIEW_AFTER_WORKING_DAYS } from "./model.js";
import { namesOf } from "./people.js";
import type { CoreServices } from "../services.js";
import { riskLine } from "./risk-views.js";

/**
 * A risk not reviewed for two working weeks reminds its owner at their work start, on their working days: once
 * when it reaches ten working days, again at twenty, and so on until someone reviews, updates or closes it.
 */
export function createReviewSchedule(deps: { db: Database; core: Pick<CoreServices, "people">; calendars: Pick<CalendarService, "anyWorkStartIn" | "rulesForPeople"> }): OccurrenceSchedule {
  const { db } = deps;
  return {
    name: "governance-risk-reviews",
    late: "send",
    async *due(window) {
      if (!(await deps.calendars.anyWorkStartIn(window))) return;
      // Ten working days are at least ten calendar days: older reviews only.
      const stale = await db
        .selectFrom("risks")
        .innerJoin("projects", "projects.id", "risks.project_id")
        .selectAll("risks")
        .select("projects.key as project_key")
        .where("risks.status", "=", "open")
        .where("risks.reviewed_at", "<=", new Date(window.to.getTime() - REVIEW_AFTER_WORKING_DAYS * DAY_MS))
        .orderBy("risks.id")
        .execute();
      if (stale.length === 0) return;
      const due = dueMemo(window);
      for (const [tenantId, risks] of groupBy(stale, (r) => r.tenant_id)) {
        const rules = await deps.calendars.rulesForPeople(tenantId, [...new Set(risks.map((r) => r.owner_id))]);
        const names = await namesOf(deps.core, tenantId, risks.map((r) => r.owner_id));
        const occurrences: Occurrence[] = [];
        for (const risk of risks) {
          const own = rules.get(risk.owner_id);
          if (!own) continue;
          const reviewedOn = localParts(risk.reviewed_at, own.timeZone).date;
          for (const { date, instant } of due(own.workStart, own.timeZone)) {
            if (!isWorkingDay(date, own)) continue;
            const days = workingDaysBetween(reviewedOn, date, own);
            if (days < REVIEW_AFTER_WORKING_DAYS) continue;
            const stretch = Math.floor(days / REVIEW_AFTER_WORKING_DAYS);
            const t = translator(own.locale);
            occurrences.push({
              key: `governance:risk-review:${risk.id}:${reviewedOn}:${stretch}`,
              dueAt: instant,
              to: { person: { tenantId, personId: risk.owner_id } },
              locale: own.locale,
              timeZone: own.timeZone,
              message: () => ({
                title: t("governance.risk.review_title", { key: risk.key, days }),
                blocks: [
                  text(t("governance.risk.review_body", { line: riskLine(own.locale, risk, names), plan: risk.plan ?? "—" })),
                  actions(button(t("governance.btn.review"), `risk review ${risk.key} --project ${risk.project_key}`, "primary"), button(t("governance.btn.show"), `risk show ${risk.key} --project ${risk.project_key}`), button(t("governance.btn.escalate"), `risk escalate ${risk.key} --project ${risk.project_key}`)),
                ],
              }),
            });
          }
        }
        if (occurrences.length > 0) yield { occurrences };
      }
    },
  };
}
