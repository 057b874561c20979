import { z } from "zod";
import { argProblem } from "../../core/arg-problems.js";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

const CHOICES: Record<string, "rollback" | "continue"> = { rollback: "rollback", 回滚: "rollback", continue: "continue", 继续: "continue" };

export default command({
  name: "rollback decide",
  aliases: ["回滚 决定"],
  summary: "golive.cmd.rollback_decide",
  args: z.object({
    key: z.string().trim().min(1).max(20),
    choice: z.string().trim().toLowerCase().refine((v) => v in CHOICES, argProblem("args.problem.one_of", { choices: "rollback (回滚), continue (继续)" })),
    reason: z.string().trim().min(1).max(1000).optional(),
    override: z.string().trim().min(10).max(1000).optional(),
  }),
  labels: { override: "golive.args.override" },
  positional: ["key", "choice", "reason"],
  examples: ['rollback decide RB-1 continue "fix deployed, orders flowing again"', 'rollback decide RB-1 rollback "data loss" --override "customers cannot order; restoring costs one day"'],
  permission: "member",
  run: (ctx) => ctx.services.golive.rollback.decide(goliveAsker(ctx), ctx.args.key, CHOICES[ctx.args.choice]!, ctx.args.reason ?? null, ctx.args.override ?? null),
});
