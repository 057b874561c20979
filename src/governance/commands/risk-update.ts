import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption, level, person } from "./args.js";

export default command({
  name: "risk update",
  aliases: ["风险 更新"],
  summary: "governance.cmd.risk_update",
  args: z.object({ project: projectOption, key: keyArg, text: z.string().trim().min(1).max(500).optional(), impact: level.optional(), likelihood: level.optional(), owner: person.optional(), plan: z.string().trim().min(1).max(1000).optional() }),
  positional: ["key"],
  examples: ["risk update R-2 --likelihood low --plan \"Backup trainer named\"", "风险 更新 R-2 --impact medium"],
  permission: "member",
  run: async (ctx) => {
    const { key, project, ...input } = ctx.args;
    return ctx.services.governance.risks.update(await ctx.services.governance.inProject(askerOf(ctx), project), key, input);
  },
});
