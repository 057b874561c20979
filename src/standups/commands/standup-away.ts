import { z } from "zod";
import { addArgProblem } from "../../core/arg-problems.js";
import { daysBetween } from "../../core/dates.js";
import { parseToday, resolveDate } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";


/** The dates a range names: one date or phrase, or two joined by `..`, `~`, `至`, `到` (or a space between two dates). */
function rangeEnds(text: string, today: string): [string | null, string | null] | null {
  const one = resolveDate(text, today);
  if (one !== null) return [one, one];
  const parts = text.split(/\s*(?:\.\.|~|～|–|至|到)\s*/).filter(Boolean);
  const [from = "", to = from, ...rest] = parts.length > 1 ? parts : text.split(/\s+/);
  return rest.length > 0 ? null : [resolveDate(from, today), resolveDate(to, today)];
}

/**
 * "2026-12-01..2026-12-05", "2026-12-01~2026-12-05", "2026-12-01 至 2026-12-05", "明天..下周五", "monday..friday"
 * or one date or phrase.
 */
export const dateRange = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const ends = rangeEnds(v, parseToday());
    const [from, to] = ends ?? [null, null];
    if (from === null || to === null) {
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
  examples: ["standup away", "standup away 2026-12-01..2026-12-05", "standup away monday..friday", "请假 2026-10-08", "请假 明天", "请假 下周一..下周三"],
  permission: "member",
  run: (ctx) => (ctx.project ? ctx.services.standups.away(askerOf(ctx), ctx.args.range ?? null) : undefined),
});
