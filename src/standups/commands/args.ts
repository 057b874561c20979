import { z } from "zod";
import { argProblem } from "../../core/arg-problems.js";
import type { CommandContext } from "../../core/command.js";
import type { Services } from "../../services.js";

/** Who runs a stand-up command, as the stand-up flows need it. */
export function askerOf(ctx: Pick<CommandContext<unknown, Services>, "tenant" | "project" | "actor" | "locale" | "conversation">) {
  return { tenantId: ctx.tenant.id, projectId: ctx.project?.id ?? 0, personId: ctx.actor.personId, locale: ctx.locale, conversation: ctx.conversation };
}

/** A local wall time, `HH:MM` (a full-width colon is accepted). */
export const wallTime = z
  .string()
  .trim()
  .transform((v) => v.replace("：", ":").replace(/^(\d):/, "0$1:"))
  .pipe(z.string().refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), argProblem("args.problem.hhmm")));

/** `--team <name>`: a team of the current project, by name, id or a unique prefix. */
export const teamOption = z.string().trim().min(1).optional();
