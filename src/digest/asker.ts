import type { CommandContext } from "../core/command.js";
import type { Services } from "../services.js";
import type { DigestAsker } from "./flows.js";

/** Who runs a digest command, in the project they are in. */
export function digestAsker(ctx: Pick<CommandContext<unknown, Services>, "tenant" | "project" | "actor" | "locale" | "roles">): DigestAsker {
  if (!ctx.project) throw new Error("digest commands need a project");
  return { tenantId: ctx.tenant.id, projectId: ctx.project.id, personId: ctx.actor.personId, locale: ctx.locale, roles: ctx.roles };
}
