import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption } from "./args.js";

export default command({
  name: "change decide",
  aliases: ["变更 决定", "变更 审批"],
  summary: "governance.cmd.change_decide",
  args: z.object({ project: projectOption, key: keyArg, choice: z.string().trim().min(1).max(20), reason: z.string().trim().max(500).optional() }),
  positional: ["key", "choice", "reason"],
  examples: ['change decide CR-1 approve "Worth five days: sales asked for it"', 'change decide CR-1 defer "Phase 2"', "变更 决定 CR-1 reject “超出预算”"],
  permission: "member",
  run: async (ctx) => ctx.services.governance.decide(await ctx.services.governance.inProject(askerOf(ctx), ctx.args.project), { kind: "change", key: ctx.args.key, choice: ctx.args.choice, reason: ctx.args.reason }),
});
