import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption } from "./args.js";

// Not `feedback file`: "feedback file upload fails" is feedback, and a command named `feedback file` would swallow it.
export default command({
  name: "feedback attachment",
  aliases: ["反馈 附件", "feedback attachments"],
  summary: "feedback.cmd.attachment",
  args: z.object({ key: keyArg, n: z.string().trim().max(10).optional(), project: projectOption }),
  positional: ["key", "n"],
  labels: { n: "feedback.args.attachment_n" },
  examples: ["feedback attachment FB-12", "feedback attachment FB-12 2", "反馈 附件 FB-12"],
  permission: "member",
  mutates: false,
  run: async (ctx) => ctx.services.feedback.attachments.fetchFor(await ctx.services.feedback.inProject(askerOf(ctx), ctx.args.project), ctx.args.key, ctx.args.n),
});
