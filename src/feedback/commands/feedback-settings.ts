import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, word } from "./args.js";

export default command({
  name: "feedback settings",
  aliases: ["反馈 设置"],
  summary: "feedback.cmd.settings",
  args: z.object({ reaction: word.optional(), urgent_hours: word.optional(), other_days: word.optional() }),
  examples: ["feedback settings", "feedback settings --reaction bug --urgent-hours 2 --other-days 3"],
  permission: "member",
  run: (ctx) => ctx.services.feedback.settings.settings(askerOf(ctx), { reaction: ctx.args.reaction, urgentHours: ctx.args.urgent_hours, otherDays: ctx.args.other_days }),
});
