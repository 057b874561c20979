import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "feedback stats",
  aliases: ["反馈 统计"],
  summary: "feedback.cmd.stats",
  args: z.object({}),
  examples: ["feedback stats", "反馈 统计"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.feedback.stats.message(askerOf(ctx)),
});
