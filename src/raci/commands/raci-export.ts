import { z } from "zod";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker } from "./args.js";

export default command({
  name: "raci export",
  aliases: ["RACI 导出", "责任矩阵 导出"],
  summary: "raci.cmd.export",
  args: z.object({ file: z.string().trim().min(1).max(300).optional(), project: projectOption }),
  positional: ["file"],
  examples: ["raci export", "raci export raci-apollo.csv", "责任矩阵 导出"],
  permission: "member",
  mutates: false,
  run: async (ctx) => ctx.services.raci.exportCsv(await taskAsker(ctx, ctx.args.project), ctx.args.file),
});
