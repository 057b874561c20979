import { z } from "zod";
import type { CommandContext } from "../../core/command.js";
import type { Services } from "../../services.js";
import type { Asker } from "../model.js";

export const keyArg = z.string().trim().min(1).max(20);
export const level = z.string().trim().min(1).max(20);
/** `--project <key>`: act in another of your projects (decision buttons carry it). */
export const projectOption = z.string().trim().min(1).max(60).optional();
export const person = z.string().trim().min(1).max(200);

/** Who runs a governance command, in the command's project. */
export function askerOf(ctx: Pick<CommandContext<unknown, Services>, "tenant" | "project" | "actor" | "locale" | "roles" | "conversation">): Asker {
  const project = ctx.project;
  if (!project) throw new Error("governance commands need a project");
  return {
    tenantId: ctx.tenant.id,
    projectId: project.id,
    projectKey: project.key,
    projectName: project.name,
    personId: ctx.actor.personId,
    locale: ctx.locale,
    roles: ctx.roles,
    conversation: ctx.conversation,
  };
}
