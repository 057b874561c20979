import type { CalendarService } from "../calendar/service.js";
import { localParts } from "../calendar/zones.js";
import type { Clock } from "../core/clock.js";
import type { DecisionSource, PendingDecision } from "../core/decisions.js";
import type { Database } from "../db/database.js";
import type { ProjectService } from "../projects/service.js";
import { translator } from "./i18n.js";
import { addDays } from "../core/dates.js";
import { isSnoozedOn, overdueWorkingDays, type DayMemo } from "./nag-plan.js";
import { raciSettingsOf } from "./settings.js";

/**
 * Tasks escalated to the sponsor: those the nag ladder puts before a project's sponsors (overdue by the project's
 * M working days or more, blocked ones included, not snoozed), as decisions for `decision list` and the digest.
 */
export function raciDecisions(deps: { db: Database; clock: Clock; projects: Pick<ProjectService, "projectsOf">; calendars: Pick<CalendarService, "rulesFor"> }): DecisionSource {
  return {
    async pendingFor(query) {
      const sponsored = (await deps.projects.projectsOf(query.tenantId, query.personId)).filter((p) => p.roles.includes("sponsor") && (query.projectId === undefined || p.project.id === query.projectId));
      if (sponsored.length === 0) return [];
      const now = deps.clock.now();
      const rules = await deps.calendars.rulesFor(query.tenantId, query.personId);
      const today = localParts(now, rules.timeZone).date;
      const settings = new Map(sponsored.map((p) => [p.project.id, raciSettingsOf(p.project.settings)]));
      const memo: DayMemo = new Map();
      // Working days overdue only grow as the due date moves back: the latest due date that is M working days
      // overdue today bounds the query, so only the escalated tasks are read (not every overdue one).
      const latestDue = (after: number) => {
        let due = addDays(today, -after);
        while (overdueWorkingDays({ dueDate: due }, today, rules, memo) < after) due = addDays(due, -1);
        return due;
      };
      const rows = await deps.db
        .selectFrom("tasks")
        .select(["key", "title", "project_id", "due_date", "due_at", "snoozed_until"])
        .where((eb) => eb.or([...settings].map(([projectId, s]) => eb.and([eb("project_id", "=", projectId), eb("due_date", "<=", latestDue(s.sponsorAfter))]))))
        .where("status", "in", ["open", "in_progress", "blocked"])
        .where("due_at", "<=", now)
        .execute();
      const t = translator(query.locale);
      const out: PendingDecision[] = [];
      for (const row of rows) {
        if (!row.due_at || isSnoozedOn({ snoozedUntil: row.snoozed_until }, today)) continue;
        const days = overdueWorkingDays({ dueDate: row.due_date }, today, rules, memo);
        if (days < (settings.get(row.project_id)?.sponsorAfter ?? Infinity)) continue;
        out.push({
          feature: "raci",
          kind: "task",
          key: row.key,
          projectId: row.project_id,
          title: t("raci.decision.task", { key: row.key, title: row.title, days }),
          askedAt: row.due_at,
          actions: [{ label: t("raci.btn.show"), command: `task show ${row.key}` }],
        });
      }
      return out;
    },
  };
}
