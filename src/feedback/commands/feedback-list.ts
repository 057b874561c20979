import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, person, projectOption, word } from "./args.js";

export default command({
  name: "feedback list",
  aliases: ["反馈 列表"],
  summary: "feedback.cmd.list",
  args: z.object({ scope: word.optional(), type: word.optional(), module: word.optional(), status: word.optional(), owner: person.optional(), project: projectOption }),
  positional: ["scope"],
  examples: ["feedback list", "feedback list open --type bug --module leads", "反馈 列表 mine"],
  permission: "member",
  mutates: false,
  run: async (ctx) => ctx.services.feedback.browse.list(await ctx.services.feedback.inProject(askerOf(ctx), ctx.args.project), ctx.args),
});
