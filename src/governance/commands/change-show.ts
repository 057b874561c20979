import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption } from "./args.js";

export default command({
  name: "change show",
  aliases: ["变更 查看"],
  summary: "governance.cmd.change_show",
  args: z.object({ project: projectOption, key: keyArg }),
  positional: ["key"],
  examples: ["change show CR-1", "变更 查看 CR-1"],
  permission: "member",
  mutates: false,
  run: async (ctx) => ctx.services.governance.changes.show(await ctx.services.governance.inProject(askerOf(ctx), ctx.args.project), ctx.args.key),
});
