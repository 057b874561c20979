import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "feedback export",
  aliases: ["反馈 导出"],
  summary: "feedback.cmd.export",
  args: z.object({}),
  examples: ["feedback export", "反馈 导出"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.feedback.exports.exportCsv(askerOf(ctx)),
});
