import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, word } from "./args.js";

export default command({
  name: "feedback modules",
  aliases: ["反馈 模块"],
  summary: "feedback.cmd.modules",
  args: z.object({ action: word.optional(), names: z.string().trim().min(1).max(500).optional() }),
  positional: ["action", "names"],
  examples: ["feedback modules", "feedback modules add 合同 contracts", "反馈 模块 remove quotes"],
  permission: "member",
  run: (ctx) => ctx.services.feedback.settings.modules(askerOf(ctx), ctx.args.action, ctx.args.names),
});
