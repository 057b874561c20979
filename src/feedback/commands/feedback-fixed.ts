import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption, word } from "./args.js";

export default command({
  name: "feedback fixed",
  aliases: ["反馈 确认"],
  summary: "feedback.cmd.fixed",
  args: z.object({ key: keyArg, answer: word, project: projectOption }),
  positional: ["key", "answer"],
  examples: ["feedback fixed FB-12 yes", "反馈 确认 FB-12 no"],
  permission: "member",
  run: async (ctx) => ctx.services.feedback.triage.fixed(await ctx.services.feedback.inProject(askerOf(ctx), ctx.args.project), ctx.args.key, ctx.args.answer),
});
