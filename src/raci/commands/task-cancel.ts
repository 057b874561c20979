import { z } from "zod";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker, taskKeyArg } from "./args.js";

export default command({
  name: "task cancel",
  aliases: ["任务 取消"],
  summary: "raci.cmd.cancel",
  args: z.object({ key: taskKeyArg, project: projectOption }),
  positional: ["key"],
  examples: ["task cancel T-7", "任务 取消 T-7"],
  permission: "member",
  confirm: true,
  run: async (ctx) => ctx.services.raci.cancel(await taskAsker(ctx, ctx.args.project), ctx.args.key),
});
