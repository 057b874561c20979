import { z } from "zod";
import type { CommandContext } from "../../core/command.js";
import type { Services } from "../../services.js";
import type { Asker } from "../model.js";

export const keyArg = z.string().trim().min(1).max(20);
export const word = z.string().trim().min(1).max(60);
/** `--project <key>`: act in another of your projects (buttons in DMs carry it). */
export const projectOption = z.string().trim().min(1).max(60).optional();
export const person = z.string().trim().min(1).max(200);
/** Feedback text is checked by the flow (empty, too long) so that the refusal can say what to do. */
export const feedbackText = z.string().max(200_000);

/** Who runs a feedback command, in the command's project. */
export function askerOf(ctx: Pick<CommandContext<unknown, Services>, "tenant" | "project" | "actor" | "locale" | "roles" | "conversation">): Asker {
  const project = ctx.project;
  if (!project) throw new Error("feedback commands need a project");
  return { tenantId: ctx.tenant.id, projectId: project.id, projectKey: project.key, projectName: project.name, personId: ctx.actor.personId, locale: ctx.locale, roles: ctx.roles, conversation: ctx.conversation };
}
