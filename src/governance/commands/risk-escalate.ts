import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption } from "./args.js";

export default command({
  name: "risk escalate",
  aliases: ["风险 上报"],
  summary: "governance.cmd.risk_escalate",
  args: z.object({ project: projectOption, key: keyArg }),
  positional: ["key"],
  examples: ["risk escalate R-2", "风险 上报 R-2"],
  permission: "member",
  run: async (ctx) => ctx.services.governance.risks.escalate(await ctx.services.governance.inProject(askerOf(ctx), ctx.args.project), ctx.args.key),
});
