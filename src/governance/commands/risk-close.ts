import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption } from "./args.js";

export default command({
  name: "risk close",
  aliases: ["风险 关闭"],
  summary: "governance.cmd.risk_close",
  args: z.object({ project: projectOption, key: keyArg, why: z.string().trim().min(1).max(500) }),
  positional: ["key", "why"],
  examples: ['risk close R-2 "Migration done and reconciled"', "风险 关闭 R-2 “迁移已完成并核对”"],
  permission: "member",
  run: async (ctx) => ctx.services.governance.risks.close(await ctx.services.governance.inProject(askerOf(ctx), ctx.args.project), ctx.args.key, ctx.args.why),
});
