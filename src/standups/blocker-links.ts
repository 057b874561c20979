import type { Database } from "../db/database.js";

/** A stand-up blocker as a RACI task sees it. */
export interface BlockerRef {
  id: string;
  key: string;
  ownerId: number;
  resolvedOn: string | null;
  taskKey: string | null;
}

/** An open blocker linked to a task, for the task's card and nags. */
export interface TaskBlocker {
  projectId: number;
  taskKey: string;
  key: string;
  text: string;
  ownerName: string;
}

export type BlockerLinks = ReturnType<typeof createBlockerLinks>;

/**
 * What other features may do with stand-up blockers: link one to a task (it then rides the task's ladder), resolve
 * those linked to a task that is done, and list the open ones linked to tasks. The blockers table stays the
 * stand-ups' own.
 */
export function createBlockerLinks(db: Database) {
  return {
    async byKey(tenantId: number, projectId: number, key: string): Promise<BlockerRef | null> {
      const row = await db
        .selectFrom("blockers")
        .select(["id", "key", "owner_id", "resolved_on", "task_key"])
        .where("tenant_id", "=", tenantId)
        .where("project_id", "=", projectId)
        .where("key", "=", key)
        .executeTakeFirst();
      return row ? { id: String(row.id), key: row.key, ownerId: row.owner_id, resolvedOn: row.resolved_on, taskKey: row.task_key } : null;
    },

    /** Links a blocker to a task (its PM flag counts as handled from then on), or unlinks it with null. */
    async setTask(trx: Database, blockerId: string, taskKey: string | null, at: Date): Promise<void> {
      await trx
        .updateTable("blockers")
        .set((eb) => (taskKey === null ? { task_key: null } : { task_key: taskKey, flagged_at: eb.fn.coalesce("flagged_at", eb.val(at)) }))
        .where("id", "=", blockerId)
        .execute();
    },

    /** Resolves the open blockers linked to a task; returns their owners. */
    async resolveLinked(trx: Database, projectId: number, taskKey: string, on: string, by: number): Promise<number[]> {
      const rows = await trx
        .updateTable("blockers")
        .set({ resolved_on: on, resolved_by: by })
        .where("project_id", "=", projectId)
        .where("task_key", "=", taskKey)
        .where("resolved_on", "is", null)
        .returning("owner_id")
        .execute();
      return rows.map((r) => r.owner_id);
    },

    /** Open blockers linked to tasks of these projects, in number order. */
    async linkedToTasks(projectIds: readonly number[], trx: Database = db): Promise<TaskBlocker[]> {
      if (projectIds.length === 0) return [];
      const rows = await trx
        .selectFrom("blockers")
        .innerJoin("people", "people.id", "blockers.owner_id")
        .select(["blockers.project_id", "blockers.task_key", "blockers.key", "blockers.text", "people.display_name"])
        .where("blockers.project_id", "in", [...new Set(projectIds)])
        .where("blockers.task_key", "is not", null)
        .where("blockers.resolved_on", "is", null)
        .orderBy("blockers.number")
        .execute();
      return rows.map((r) => ({ projectId: r.project_id, taskKey: r.task_key ?? "", key: r.key, text: r.text, ownerName: r.display_name }));
    },
  };
}
