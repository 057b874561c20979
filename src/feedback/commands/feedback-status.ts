import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, word } from "./args.js";

export default command({
  name: "feedback status",
  aliases: ["反馈 状态"],
  summary: "feedback.cmd.status",
  args: z.object({ key: keyArg, status: word, note: z.string().trim().min(1).max(1000).optional() }),
  positional: ["key", "status", "note"],
  examples: ['feedback status FB-12 in_progress', 'feedback status FB-12 wont_fix --note "Covered by the standard export"', "反馈 状态 FB-12 needs_info --note “是哪个报表？”"],
  permission: "member",
  run: (ctx) => ctx.services.feedback.triage.setStatus(askerOf(ctx), ctx.args.key, ctx.args.status, ctx.args.note),
});
