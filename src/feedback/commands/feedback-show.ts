import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption } from "./args.js";

export default command({
  name: "feedback show",
  aliases: ["反馈 查看"],
  summary: "feedback.cmd.show",
  args: z.object({ key: keyArg, project: projectOption }),
  positional: ["key"],
  examples: ["feedback show FB-12", "反馈 查看 FB-12"],
  permission: "member",
  mutates: false,
  run: async (ctx) => ctx.services.feedback.browse.show(await ctx.services.feedback.inProject(askerOf(ctx), ctx.args.project), ctx.args.key),
});
