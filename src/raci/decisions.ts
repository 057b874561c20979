import { sql, type ExpressionBuilder } from "kysely";
import type { CalendarService, PersonRules } from "../calendar/service.js";
import { localParts } from "../calendar/zones.js";
import type { Clock } from "../core/clock.js";
import { decisionOrder, type DecisionSource, type PendingDecision } from "../core/decisions.js";
import type { Locale } from "../core/i18n.js";
import type { Database } from "../db/database.js";
import type { DB } from "../db/schema.js";
import type { ProjectService } from "../projects/service.js";
import { translator } from "./i18n.js";
import { addDays } from "../core/dates.js";
import { isSnoozedOn, overdueWorkingDays, type DayMemo } from "./nag-plan.js";
import { raciSettingsOf } from "./settings.js";

const OPEN = ["open", "in_progress", "blocked"] as const;

/** One sponsor's cut-off in one project: tasks due on or before `latestDue`, not snoozed on `today`, are theirs to decide. */
interface Cutoff {
  projectId: number;
  latestDue: string;
  today: string;
}

/** One sponsor's view: their calendar, their local today, and their cut-off per project they sponsor. */
interface SponsorView {
  rules: PersonRules;
  today: string;
  memo: DayMemo;
  cutoffs: Cutoff[];
}

type Row = { key: string; title: string; project_id: number; due_date: string | null; due_at: Date | null; snoozed_until: string | null };

/**
 * Tasks escalated to the sponsor: those the nag ladder puts before a project's sponsors (overdue by the project's
 * M working days or more, blocked ones included, not snoozed), as decisions for `decision list` and the digest.
 * Working days overdue only grow as the due date moves back, so "M working days overdue" is "due on or before the
 * latest date that is M working days overdue": a date bound in SQL, which is what lets the digest count them there.
 */
export function raciDecisions(deps: { db: Database; clock: Clock; projects: Pick<ProjectService, "projectsOf">; calendars: Pick<CalendarService, "rulesFor"> }): DecisionSource {
  const viewOf = async (tenantId: number, personId: number, projectId: number | undefined, now: Date): Promise<SponsorView | null> => {
    const sponsored = (await deps.projects.projectsOf(tenantId, personId)).filter((p) => p.roles.includes("sponsor") && (projectId === undefined || p.project.id === projectId));
    if (sponsored.length === 0) return null;
    const rules = await deps.calendars.rulesFor(tenantId, personId);
    const today = localParts(now, rules.timeZone).date;
    const memo: DayMemo = new Map();
    // The latest due date that is M working days overdue today bounds the query, so only escalated tasks are read.
    const latestDue = (after: number) => {
      let due = addDays(today, -after);
      while (overdueWorkingDays({ dueDate: due }, today, rules, memo) < after) due = addDays(due, -1);
      return due;
    };
    return { rules, today, memo, cutoffs: sponsored.map((p) => ({ projectId: p.project.id, latestDue: latestDue(raciSettingsOf(p.project.settings).sponsorAfter), today })) };
  };

  // Escalated past at least one of the cut-offs: open, due by `now`, not snoozed on that sponsor's today.
  const escalated = (cutoffs: readonly Cutoff[], now: Date) => (eb: ExpressionBuilder<DB, "tasks">) =>
    eb.and([
      eb("status", "in", OPEN),
      eb("due_at", "<=", now),
      eb.or(cutoffs.map((c) => eb.and([eb("project_id", "=", c.projectId), eb("due_date", "<=", c.latestDue), eb.or([eb("snoozed_until", "is", null), eb("snoozed_until", "<=", c.today)])]))),
    ]);

  const decision = (row: Row, locale: Locale, days: number): PendingDecision => {
    const t = translator(locale);
    return {
      feature: "raci",
      kind: "task",
      key: row.key,
      projectId: row.project_id,
      title: t("raci.decision.task", { key: row.key, title: row.title, days }),
      askedAt: row.due_at!,
      actions: [{ label: t("raci.btn.show"), command: `task show ${row.key}` }],
    };
  };

  const columns = ["key", "title", "project_id", "due_date", "due_at", "snoozed_until"] as const;

  return {
    async pendingFor(query) {
      const now = deps.clock.now();
      const view = await viewOf(query.tenantId, query.personId, query.projectId, now);
      if (!view) return [];
      const rows = await deps.db.selectFrom("tasks").select([...columns]).where(escalated(view.cutoffs, now)).execute();
      return rows.filter((row) => row.due_at && !isSnoozedOn({ snoozedUntil: row.snoozed_until }, view.today)).map((row) => decision(row, query.locale, overdueWorkingDays({ dueDate: row.due_date }, view.today, view.rules, view.memo)));
    },

    /** Counted in SQL; only the oldest `limit` (and those tied with the last of them) are read and described. */
    async pageFor(query, limit) {
      const now = deps.clock.now();
      const views = (await Promise.all(query.personIds.map((personId) => viewOf(query.tenantId, personId, query.projectId, now)))).filter((v): v is SponsorView => v !== null);
      const cutoffs = views.flatMap((v) => v.cutoffs).filter((c, i, all) => all.findIndex((o) => o.projectId === c.projectId && o.latestDue === c.latestDue && o.today === c.today) === i);
      if (cutoffs.length === 0 || limit <= 0) return { items: [], counts: {} };
      const where = escalated(cutoffs, now);
      // The due time of the `limit`-th oldest: every task due by then is read, so that ties sort by key as the board does.
      const last = deps.db.selectFrom("tasks").select("due_at").where(where).orderBy("due_at").offset(limit - 1).limit(1);
      const [count, rows] = await Promise.all([
        deps.db.selectFrom("tasks").select(sql<number>`count(*)::int`.as("n")).where(where).executeTakeFirstOrThrow(),
        deps.db.selectFrom("tasks").select([...columns]).where(where).where("due_at", "<=", (eb) => eb.fn.coalesce(last, eb.val(now))).execute(),
      ]);
      const items: PendingDecision[] = [];
      for (const row of rows) {
        // Described for the first sponsor it waits for, as a list per sponsor would show it first.
        const view = views.find((v) => v.cutoffs.some((c) => c.projectId === row.project_id && row.due_date !== null && row.due_date <= c.latestDue && !isSnoozedOn({ snoozedUntil: row.snoozed_until }, c.today)));
        if (view && row.due_at) items.push(decision(row, query.locale, overdueWorkingDays({ dueDate: row.due_date }, view.today, view.rules, view.memo)));
      }
      const counts: Record<string, number> = {};
      if (Number(count.n) > 0) counts["raci:task"] = Number(count.n);
      return { items: items.sort(decisionOrder).slice(0, limit), counts };
    },
  };
}
