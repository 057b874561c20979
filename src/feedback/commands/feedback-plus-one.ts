import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption } from "./args.js";

export default command({
  name: "feedback +1",
  aliases: ["同问", "feedback metoo", "反馈 同问"],
  summary: "feedback.cmd.plus_one",
  args: z.object({ key: keyArg, from: keyArg.optional(), project: projectOption }),
  positional: ["key"],
  examples: ["feedback +1 FB-12", "同问 FB-12"],
  permission: "member",
  run: async (ctx) => ctx.services.feedback.votes.plusOne(await ctx.services.feedback.inProject(askerOf(ctx), ctx.args.project), ctx.args.key, ctx.args.from),
});
