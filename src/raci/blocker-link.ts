import "./i18n.js"; // registers the texts whose keys are named here
import { permits, UserError } from "../core/command.js";
import type { OutboundMessage } from "../core/message.js";
import type { AskerTools, RaciDeps, TaskAsker } from "./asker.js";
import { isClearWord } from "./model.js";
import type { TaskViews } from "./views.js";

/** `B-3`, `b3` → `B-3`; null when the text is not a blocker key. */
export function readBlockerKey(text: string): string | null {
  const m = /^\s*[bB]\s*-?\s*(\d{1,7})\s*$/.exec(text);
  return m ? `B-${Number(m[1])}` : null;
}

/**
 * `blocker link B-3 T-7`: a stand-up blocker joins a task and from then on rides its ladder — it is listed in the
 * task's nags, escalations and card, it is resolved when the task is done (its owner is told), and the stand-up's
 * own PM flag is marked as handled (`flagged_at`) so the PM is not told twice. `blocker link B-3 none` unlinks.
 */
export function createBlockerLinks(deps: RaciDeps, tools: AskerTools, views: TaskViews) {
  const { db, clock, tasks } = deps;
  return {
    async link(who: TaskAsker, blockerText: string, taskText: string): Promise<OutboundMessage | string> {
      const key = readBlockerKey(blockerText);
      if (!key) throw new UserError("raci.errors.bad_blocker", { key: blockerText });
      const blocker = await db
        .selectFrom("blockers")
        .select(["id", "key", "owner_id", "resolved_on", "task_key"])
        .where("tenant_id", "=", who.tenantId)
        .where("project_id", "=", who.projectId)
        .where("key", "=", key)
        .executeTakeFirst();
      if (!blocker) throw new UserError("raci.errors.blocker_unknown", { key, project: who.projectName });
      if (blocker.resolved_on) throw new UserError("raci.errors.blocker_resolved", { key, date: blocker.resolved_on });
      const at = clock.now();
      if (isClearWord(taskText)) {
        if (blocker.owner_id !== who.personId && !permits("pm", who.roles)) throw new UserError("raci.errors.blocker_not_yours", { key });
        await db.updateTable("blockers").set({ task_key: null }).where("id", "=", blocker.id).execute();
        return tools.t(who)("raci.done_msg.unlinked", { blocker: key, task: blocker.task_key ?? "—" });
      }
      const task = await tools.task(who, taskText);
      if (blocker.owner_id !== who.personId) await tools.authorize(who, task, "blocker link", "ra");
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("blockers")
          .set((eb) => ({ task_key: task.key, flagged_at: eb.fn.coalesce("flagged_at", eb.val(at)) }))
          .where("id", "=", blocker.id)
          .execute();
        await tasks.record(trx, task, who.personId, "linked", { blocker: key }, at);
      });
      return views.card(who, task, tools.t(who)("raci.done_msg.linked", { blocker: key, task: task.key }));
    },
  };
}
