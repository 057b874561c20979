import { UserError } from "../core/command.js";
import type { OutboundMessage } from "../core/message.js";
import type { TaskStatusEvent } from "../raci/task-port.js";
import { percent } from "./gate-messages.js";
import { projectOf, type GoliveDeps } from "./deps.js";
import { t } from "./i18n.js";
import type { GoliveAsker } from "./model.js";
import { liveWarroom, logEvent, rolesOf } from "./warroom-state.js";

/** The steps of a decided rollback as RACI tasks: created at the decision, shown by `rollback checklist`, done on the timeline. */
export function createRollbackSteps(deps: GoliveDeps) {
  const { db, core, tasks } = deps;
  return {
    /** Turns the plan's steps into tasks: R the tech lead (else the commander, else whoever decided), A the commander (else the decider). */
    async create(who: GoliveAsker, proposal: { id: string; key: string }, steps: string): Promise<number> {
      const project = await projectOf(deps, who);
      const room = await liveWarroom(db, who.projectId);
      const roles = room ? await rolesOf(db, room.id) : new Map();
      const accountable = roles.get("commander") ?? who.personId;
      const responsible = roles.get("tech") ?? accountable;
      const today = new Intl.DateTimeFormat("sv-SE", { timeZone: project.timezone }).format(core.clock.now());
      const list = steps.split(/\s*;\s*/).filter(Boolean);
      await db.transaction().execute(async (trx) => {
        for (const [i, step] of list.entries()) {
          const created = await tasks.createTask({ tenantId: who.tenantId, projectId: who.projectId, title: `${proposal.key} · ${i + 1}. ${step}`, r: [responsible], a: accountable, due: { date: today }, phase: "cutover", createdBy: who.personId, source: { feature: "golive", ref: proposal.key } }, trx);
          await trx.insertInto("rollback_steps").values({ task_id: created.id, tenant_id: who.tenantId, project_id: who.projectId, proposal_id: proposal.id, number: i + 1 }).execute();
        }
      });
      return list.length;
    },

    async checklist(who: GoliveAsker): Promise<OutboundMessage> {
      const proposal = await db.selectFrom("rollback_proposals").select(["id", "key"]).where("project_id", "=", who.projectId).where("status", "=", "rollback").orderBy("number", "desc").executeTakeFirst();
      if (!proposal) throw new UserError("golive.errors.no_rollback");
      const steps = await db.selectFrom("rollback_steps").select(["task_id", "number"]).where("proposal_id", "=", proposal.id).orderBy("number").execute();
      const ids = steps.map((s) => String(s.task_id));
      const [states, owners] = await Promise.all([tasks.statusOf(ids), tasks.responsibleOf(ids)]);
      const done = steps.filter((s) => states.get(String(s.task_id))?.status === "done").length;
      const lines = steps.map((s) => {
        const task = states.get(String(s.task_id));
        return `${task?.status === "done" ? "☑" : "☐"} ${task?.key ?? "—"} ${task?.title ?? ""} — ${(owners.get(String(s.task_id)) ?? []).map((p) => p.name).join(", ") || "—"}`;
      });
      return { title: t(who.locale, "golive.rollback.checklist_title", { key: proposal.key }), locale: who.locale, blocks: [{ type: "text", markdown: [t(who.locale, "golive.rollback.checklist_progress", { done, total: steps.length, percent: percent(done, steps.length) }), ...lines].join("\n") }] };
    },

    /** A rollback step done goes on the war room's timeline. */
    async onStatusChange(event: TaskStatusEvent): Promise<void> {
      if (event.to !== "done") return;
      const step = await event.trx.selectFrom("rollback_steps").select("project_id").where("task_id", "=", event.taskId).executeTakeFirst();
      if (!step) return;
      const room = await liveWarroom(event.trx, step.project_id);
      if (room) await logEvent({ db: event.trx, core }, room, event.by, "rollback_step", event.key, event.at);
    },
  };
}

export type RollbackSteps = ReturnType<typeof createRollbackSteps>;
