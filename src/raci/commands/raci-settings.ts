import { z } from "zod";
import { argProblem } from "../../core/arg-problems.js";
import { command } from "../../feature/command.js";
import { taskAsker } from "./args.js";

/** A whole number of working days within bounds; a string schema so that the flag takes the next word. */
const days = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d{1,2}$/.test(v), argProblem("args.problem.between", { min, max }))
    .transform(Number)
    .refine((n) => n >= min && n <= max, argProblem("args.problem.between", { min, max }))
    .optional();

export default command({
  name: "raci settings",
  aliases: ["RACI 设置"],
  summary: "raci.cmd.settings",
  args: z.object({ heads_up: days(0, 5), escalate_after: days(1, 30), sponsor_after: days(1, 60) }),
  labels: { heads_up: "raci.args.heads_up", escalate_after: "raci.args.escalate_after", sponsor_after: "raci.args.sponsor_after" },
  examples: ["raci settings", "raci settings --escalate-after 3 --sponsor-after 6", "raci settings --heads-up 2"],
  permission: "pm",
  run: async (ctx) => {
    const { heads_up, escalate_after, sponsor_after } = ctx.args;
    return ctx.services.raci.settings(await taskAsker(ctx), {
      ...(heads_up !== undefined ? { headsUpDays: heads_up } : {}),
      ...(escalate_after !== undefined ? { escalateAfter: escalate_after } : {}),
      ...(sponsor_after !== undefined ? { sponsorAfter: sponsor_after } : {}),
    });
  },
});
