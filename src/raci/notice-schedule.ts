import type { CalendarService, PersonRules } from "../calendar/service.js";
import { groupBy } from "../core/group-by.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { isWithinWorkHours } from "../calendar/working-time.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import { toTask } from "./model.js";
import { blockedNotice, doneNotice } from "./nag-messages.js";
import type { TaskService } from "./service.js";

const BATCH = 500;
/** A notice nobody could be told within this long (leave, no working hours) is dropped. */
const NOTICE_TTL_MS = 10 * 86_400_000;

/** Claim and delivery key of a one-off notice. */
export function noticeKey(noticeId: string): string {
  return `raci:notice:${noticeId}`;
}

/**
 * Sends the one-off notices changes owe people — A told once that a task is blocked, Informed people told once
 * that it is done — at the first tick within the recipient's working hours. A notice whose task has moved on
 * (unblocked, reopened) is dropped unsent.
 */
export function createNoticeSchedule(deps: { db: Database; logger: Logger; tasks: TaskService; calendars: Pick<CalendarService, "rulesForPeople"> }): OccurrenceSchedule {
  const { db, tasks } = deps;
  return {
    name: "raci-notices",
    // Notices wait for the recipient's working hours by design; one older than NOTICE_TTL_MS is skipped and counted.
    late: "skip",
    async *due(window) {
      const now = window.to;
      const pending = await db
        .selectFrom("task_notices")
        .innerJoin("tasks", "tasks.id", "task_notices.task_id")
        .innerJoin("projects", "projects.id", "tasks.project_id")
        .leftJoin("people as by", "by.id", "task_notices.by_person_id")
        .selectAll("tasks")
        .select([
          "task_notices.id as notice_id",
          "task_notices.person_id as recipient",
          "task_notices.kind",
          "task_notices.by_person_id",
          "by.display_name as by_name",
          "projects.name as project_name",
          "projects.key as project_key",
          "task_notices.created_at as noticed_at",
        ])
        .where("task_notices.sent_at", "is", null)
        .where("task_notices.created_at", "<=", now)
        .orderBy("task_notices.id")
        .limit(BATCH)
        .execute();
      if (pending.length === 0) return;
      const rules = new Map<string, PersonRules>();
      for (const [tenantId, notices] of groupBy(pending, (n) => n.tenant_id)) for (const [personId, own] of await deps.calendars.rulesForPeople(tenantId, notices.map((n) => n.recipient))) rules.set(`${tenantId}:${personId}`, own);
      const withPeople = new Map((await tasks.withPeople(pending.map((n) => toTask(n)))).map((t) => [t.id, t]));
      const blockers = await tasks.linkedBlockers([...new Set(pending.map((n) => n.project_id))]);
      const occurrences: Occurrence[] = [];
      for (const n of pending) {
        const own = rules.get(`${n.tenant_id}:${n.recipient}`);
        const task = withPeople.get(String(n.id));
        if (!own || !task) continue;
        const stale = (n.kind === "blocked" && task.status !== "blocked") || (n.kind === "done" && task.status !== "done");
        const expiresAt = new Date(n.noticed_at.getTime() + NOTICE_TTL_MS);
        const expired = now.getTime() >= expiresAt.getTime();
        if (!stale && !expired && !isWithinWorkHours(now, own)) continue;
        const noticeId = String(n.notice_id);
        occurrences.push({
          key: noticeKey(noticeId),
          // Due when the recipient's working hours allow, which is now: a notice is never "late".
          dueAt: now,
          expiresAt,
          to: { person: { tenantId: n.tenant_id, personId: n.recipient } },
          locale: own.locale,
          timeZone: own.timeZone,
          async claimed(trx) {
            await trx.updateTable("task_notices").set({ sent_at: now }).where("id", "=", noticeId).execute();
            // A notice whose task has moved on (unblocked, reopened) is dropped unsent.
            return !stale;
          },
          message: () => {
            const item = { task, projectName: n.project_name, projectKey: n.project_key, blockers: blockers.get(`${task.projectId}:${task.key}`) ?? [], overdueDays: 0 };
            const by = n.by_person_id !== null ? { id: n.by_person_id, name: n.by_name ?? "—" } : null;
            return n.kind === "blocked" ? blockedNotice(own.locale, item, by) : doneNotice(own.locale, item, by);
          },
        });
      }
      if (occurrences.length > 0) yield { occurrences };
    },
  };
}
