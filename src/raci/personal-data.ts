import { sql } from "kysely";
import { scrubJsonColumn, type PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";
import { t } from "./i18n.js";
import { ACTIVE_STATUSES } from "./model.js";

/**
 * Tasks stay with the project when a person is erased: their R, C and I become the former member, and so does
 * their history. A person who is the Accountable of open tasks cannot be erased until those tasks have a new A.
 */
export function raciPersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const roles = await db
        .selectFrom("task_assignments")
        .innerJoin("tasks", "tasks.id", "task_assignments.task_id")
        .innerJoin("projects", "projects.id", "tasks.project_id")
        .select(["projects.key as project", "tasks.key", "tasks.title", "tasks.status", "tasks.due_date", "task_assignments.role"])
        .where("task_assignments.tenant_id", "=", tenantId)
        .where("task_assignments.person_id", "=", personId)
        .orderBy("tasks.id")
        .execute();
      const history = await db
        .selectFrom("task_history")
        .innerJoin("tasks", "tasks.id", "task_history.task_id")
        .select(["tasks.key", "task_history.action", "task_history.changes", "task_history.at"])
        .where("task_history.tenant_id", "=", tenantId)
        .where("task_history.person_id", "=", personId)
        .orderBy("task_history.at")
        .execute();
      return {
        ...(roles.length > 0 ? { tasks: roles.map((r) => ({ project: r.project, key: r.key, title: r.title, yourRole: r.role, status: r.status, due: r.due_date })) } : {}),
        ...(history.length > 0 ? { taskChangesYouMade: history.map((h) => ({ task: h.key, action: h.action, changes: h.changes, at: h.at })) } : {}),
      };
    },
    async erase(trx, subject) {
      const { tenantId, personId, formerMemberId } = subject;
      // Where the former member already holds the same letter on a task, the person's row simply goes.
      await sql`delete from task_assignments a where a.tenant_id = ${tenantId} and a.person_id = ${personId}
        and exists (select 1 from task_assignments b where b.task_id = a.task_id and b.role = a.role and b.person_id = ${formerMemberId})`.execute(trx);
      await trx.updateTable("task_assignments").set({ person_id: formerMemberId }).where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      await trx.updateTable("tasks").set({ created_by: formerMemberId }).where("tenant_id", "=", tenantId).where("created_by", "=", personId).execute();
      await trx.updateTable("tasks").set({ done_by: formerMemberId }).where("tenant_id", "=", tenantId).where("done_by", "=", personId).execute();
      await trx.updateTable("task_history").set({ person_id: formerMemberId }).where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      await scrubJsonColumn(trx, "task_history", "changes", subject);
      await trx.deleteFrom("task_notices").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      await trx.updateTable("task_notices").set({ by_person_id: formerMemberId }).where("tenant_id", "=", tenantId).where("by_person_id", "=", personId).execute();
    },
    async holds(tenantId, personId, locale) {
      const accountable = await db
        .selectFrom("task_assignments")
        .innerJoin("tasks", "tasks.id", "task_assignments.task_id")
        .innerJoin("projects", "projects.id", "tasks.project_id")
        .select(["projects.name as project", "tasks.key", "tasks.title"])
        .where("task_assignments.tenant_id", "=", tenantId)
        .where("task_assignments.person_id", "=", personId)
        .where("task_assignments.role", "=", "A")
        .where("tasks.status", "in", [...ACTIVE_STATUSES])
        .orderBy("tasks.id")
        .execute();
      if (accountable.length === 0) return [];
      const keys = accountable.map((task) => `${task.key} ${task.title}`);
      return [t(locale, "raci.privacy.only_a", { count: accountable.length, tasks: keys.slice(0, 20).join("; "), more: Math.max(0, keys.length - 20) })];
    },
  };
}
