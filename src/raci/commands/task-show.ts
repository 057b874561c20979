import { z } from "zod";
import { projectOption, taskAsker, taskKeyArg } from "./args.js";
import { command } from "../../feature/command.js";

export default command({
  name: "task show",
  aliases: ["任务 查看", "任务 详情"],
  summary: "raci.cmd.show",
  args: z.object({ key: taskKeyArg, project: projectOption }),
  positional: ["key"],
  examples: ["task show T-7", "任务 查看 T-7"],
  permission: "member",
  mutates: false,
  run: async (ctx) => ctx.services.raci.show(await taskAsker(ctx, ctx.args.project), ctx.args.key),
});
