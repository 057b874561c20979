import type { CommandContext } from "../core/command.js";
import type { Services } from "../services.js";
import type { GoliveAsker } from "./model.js";

/** Who runs a go-live command, in the project they are in. */
export function goliveAsker(ctx: Pick<CommandContext<unknown, Services>, "tenant" | "project" | "actor" | "locale" | "roles">): GoliveAsker {
  if (!ctx.project) throw new Error("go-live commands need a project");
  return { tenantId: ctx.tenant.id, projectId: ctx.project.id, projectName: ctx.project.name, personId: ctx.actor.personId, locale: ctx.locale, roles: ctx.roles };
}
