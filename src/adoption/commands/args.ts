import type { CommandContext } from "../../core/command.js";
import type { Services } from "../../services.js";
import type { Viewer } from "../board.js";

/** Who runs an adoption command, in the current project. */
export async function viewerOf(ctx: Pick<CommandContext<unknown, Services>, "tenant" | "project" | "actor" | "roles" | "locale" | "services">): Promise<Viewer> {
  const project = ctx.project;
  if (!project) throw new Error("adoption commands need a project");
  return {
    tenantId: ctx.tenant.id,
    projectId: project.id,
    projectName: project.name,
    timezone: await ctx.services.adoption.timezoneOf(ctx.tenant.id, project.id),
    personId: ctx.actor.personId,
    roles: ctx.roles,
    locale: ctx.locale,
  };
}
