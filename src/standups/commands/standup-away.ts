import { z } from "zod";
import { addArgProblem } from "../../core/arg-problems.js";
import { daysBetween, isRealDate } from "../../core/dates.js";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";


/** "2026-12-01..2026-12-05", "2026-12-01~2026-12-05", "2026-12-01 至 2026-12-05" or one date. */
export const dateRange = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const [from = "", to = from, ...rest] = v.split(/\s*(?:\.\.|~|～|–|至|到|\s)\s*/).filter(Boolean);
    if (rest.length > 0 || !isRealDate(from) || !isRealDate(to)) {
      addArgProblem(ctx, "args.problem.range_form");
      return z.NEVER;
    }
    if (from > to) {
      addArgProblem(ctx, "args.problem.range_order", { from, to });
      return z.NEVER;
    }
    if (daysBetween(from, to) > 366) {
      addArgProblem(ctx, "args.problem.range_year");
      return z.NEVER;
    }
    return { from, to };
  });

export default command({
  name: "standup away",
  aliases: ["请假", "站会 请假"],
  summary: "standup.cmd.away",
  args: z.object({ range: dateRange.optional() }),
  positional: ["range"],
  examples: ["standup away", "standup away 2026-12-01..2026-12-05", "请假 2026-10-08"],
  permission: "member",
  run: (ctx) => (ctx.project ? ctx.services.standups.away(askerOf(ctx), ctx.args.range ?? null) : undefined),
});
