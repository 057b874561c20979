import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, person, word } from "./args.js";

export default command({
  name: "feedback keyuser",
  aliases: ["反馈 超级用户", "feedback keyusers", "feedback key-user"],
  summary: "feedback.cmd.keyuser",
  args: z.object({ action: word.optional(), module: word.optional(), who: person.optional() }),
  positional: ["action", "module", "who"],
  examples: ["feedback keyuser", "feedback keyuser add leads @zhangmin", "反馈 超级用户 remove 报价 @anna"],
  permission: "member",
  run: (ctx) => ctx.services.feedback.keyUsers.command(askerOf(ctx), ctx.args.action, ctx.args.module, ctx.args.who),
});
