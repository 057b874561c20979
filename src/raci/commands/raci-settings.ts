import { z } from "zod";
import { command } from "../../feature/command.js";
import { taskAsker } from "./args.js";

/** A whole number of working days within bounds; a string schema so that the flag takes the next word. */
const days = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,2}$/)
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `${min}–${max}` })
    .optional();

export default command({
  name: "raci settings",
  aliases: ["RACI 设置"],
  summary: "raci.cmd.settings",
  args: z.object({ heads_up: days(0, 5), escalate_after: days(1, 30), sponsor_after: days(1, 60) }),
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
