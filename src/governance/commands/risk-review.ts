import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption } from "./args.js";

export default command({
  name: "risk review",
  aliases: ["风险 复核", "风险 评审"],
  summary: "governance.cmd.risk_review",
  args: z.object({ project: projectOption, key: keyArg, note: z.string().trim().max(500).optional() }),
  positional: ["key", "note"],
  examples: ["risk review R-2", 'risk review R-2 "Dry run passed, still watching"', "风险 复核 R-2 “第二次演练通过”"],
  permission: "member",
  run: async (ctx) => ctx.services.governance.risks.review(await ctx.services.governance.inProject(askerOf(ctx), ctx.args.project), ctx.args.key, ctx.args.note),
});
