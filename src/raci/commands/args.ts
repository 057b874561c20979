import { z } from "zod";
import type { CommandContext } from "../../core/command.js";
import type { Services } from "../../services.js";

/** A task key argument: `T-7`, `t7`. */
export const taskKeyArg = z.string().trim().min(1).max(20);
/** `--project <key>`: act on a task of another of your projects (buttons in multi-project nags carry it). */
export const projectOption = z.string().trim().min(1).max(60).optional();

/** Who runs a task command, moved to `--project` when given. */
export function taskAsker(ctx: Pick<CommandContext<unknown, Services>, "tenant" | "project" | "actor" | "locale" | "roles" | "conversation" | "services">, project?: string) {
  const current = ctx.project;
  if (!current) throw new Error("task commands need a project");
  return ctx.services.raci.asker(
    {
      tenantId: ctx.tenant.id,
      projectId: current.id,
      projectKey: current.key,
      projectName: current.name,
      personId: ctx.actor.personId,
      locale: ctx.locale,
      roles: ctx.roles,
      conversation: ctx.conversation,
    },
    project,
  );
}
