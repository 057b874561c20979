import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption } from "./args.js";

export default command({
  name: "risk show",
  aliases: ["风险 查看"],
  summary: "governance.cmd.risk_show",
  args: z.object({ project: projectOption, key: keyArg }),
  positional: ["key"],
  examples: ["risk show R-2", "风险 查看 R-2"],
  permission: "member",
  mutates: false,
  run: async (ctx) => ctx.services.governance.risks.show(await ctx.services.governance.inProject(askerOf(ctx), ctx.args.project), ctx.args.key),
});
