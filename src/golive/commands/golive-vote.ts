import { z } from "zod";
import { dateArg } from "../../core/relative-dates.js";
import { argProblem } from "../../core/arg-problems.js";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

const VOTES: Record<string, "go" | "nogo"> = { go: "go", 上线: "go", nogo: "nogo", "no-go": "nogo", 不上线: "nogo" };

export default command({
  name: "golive vote",
  aliases: ["上线 投票"],
  summary: "golive.cmd.vote",
  args: z.object({
    vote: z.string().trim().toLowerCase().refine((v) => v in VOTES, argProblem("args.problem.one_of", { choices: "go (上线), nogo (不上线)" })),
    reason: z.string().trim().min(1).max(1000).optional(),
    date: dateArg({ notPast: true }).optional(),
  }),
  positional: ["vote", "reason"],
  examples: ['golive vote go "all gates ticked, support ready"', 'golive vote nogo "lead counts differ" --date 2026-12-19', "上线 投票 nogo “数据核对未通过” --date 2026-12-19", "上线 投票 nogo “数据核对未通过” --date 下周六"],
  permission: "member",
  run: (ctx) => ctx.services.golive.goNoGo.vote(goliveAsker(ctx), VOTES[ctx.args.vote]!, ctx.args.reason ?? null, ctx.args.date ?? null),
});
