import "./i18n.js"; // registers the texts whose keys are named here
import { permits, UserError } from "../core/command.js";
import type { OutboundMessage } from "../core/message.js";
import type { AskerTools, RaciDeps, TaskAsker } from "./asker.js";
import { keyNumber } from "../core/item-keys.js";
import { isClearWord } from "./model.js";
import type { TaskViews } from "./views.js";

/** `B-3`, `b3` → `B-3`; null when the text is not a blocker key. */
export function readBlockerKey(text: string): string | null {
  const number = keyNumber(text, "B");
  return number === null ? null : `B-${number}`;
}

/**
 * `blocker link B-3 T-7`: a stand-up blocker joins a task and from then on rides its ladder — it is listed in the
 * task's nags, escalations and card, it is resolved when the task is done (its owner is told), and the stand-up's
 * own PM flag is marked as handled (`flagged_at`) so the PM is not told twice. `blocker link B-3 none` unlinks.
 */
export function createBlockerLinks(deps: RaciDeps, tools: AskerTools, views: TaskViews) {
  const { db, clock, tasks, blockerLinks } = deps;
  return {
    async link(who: TaskAsker, blockerText: string, taskText: string): Promise<OutboundMessage | string> {
      const key = readBlockerKey(blockerText);
      if (!key) throw new UserError("raci.errors.bad_blocker", { key: blockerText });
      const blocker = await blockerLinks.byKey(who.tenantId, who.projectId, key);
      if (!blocker) throw new UserError("raci.errors.blocker_unknown", { key, project: who.projectName });
      if (blocker.resolvedOn) throw new UserError("raci.errors.blocker_resolved", { key, date: blocker.resolvedOn });
      const at = clock.now();
      if (isClearWord(taskText)) {
        if (blocker.ownerId !== who.personId && !permits("pm", who.roles)) throw new UserError("raci.errors.blocker_not_yours", { key });
        await blockerLinks.setTask(db, blocker.id, null, at);
        return tools.t(who)("raci.done_msg.unlinked", { blocker: key, task: blocker.taskKey ?? "—" });
      }
      const task = await tools.task(who, taskText);
      if (blocker.ownerId !== who.personId) await tools.authorize(who, task, "blocker link", "ra");
      await db.transaction().execute(async (trx) => {
        await blockerLinks.setTask(trx, blocker.id, task.key, at);
        await tasks.record(trx, task, who.personId, "linked", { blocker: key }, at);
      });
      return views.card(who, task, tools.t(who)("raci.done_msg.linked", { blocker: key, task: task.key }));
    },
  };
}
