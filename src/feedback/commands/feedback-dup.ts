import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg } from "./args.js";

export default command({
  name: "feedback dup",
  aliases: ["反馈 重复"],
  summary: "feedback.cmd.dup",
  args: z.object({ dup: keyArg, into: keyArg }),
  positional: ["dup", "into"],
  examples: ["feedback dup FB-20 FB-12", "反馈 重复 FB-20 FB-12"],
  permission: "feedback.triage",
  run: (ctx) => ctx.services.feedback.votes.dup(askerOf(ctx), ctx.args.dup, ctx.args.into),
});
