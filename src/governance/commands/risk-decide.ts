import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption } from "./args.js";

export default command({
  name: "risk decide",
  aliases: ["风险 决定"],
  summary: "governance.cmd.risk_decide",
  args: z.object({ project: projectOption, key: keyArg, choice: z.string().trim().min(1).max(20), reason: z.string().trim().max(500).optional() }),
  positional: ["key", "choice", "reason"],
  examples: ['risk decide R-2 accept "Cost of mitigation exceeds the impact"', "risk decide R-2 mitigate", "风险 决定 R-2 mitigate “请增加一次演练”"],
  permission: "member",
  run: async (ctx) => ctx.services.governance.decide(await ctx.services.governance.inProject(askerOf(ctx), ctx.args.project), { kind: "risk", key: ctx.args.key, choice: ctx.args.choice, reason: ctx.args.reason }),
});
