import { z } from "zod";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker, taskKeyArg } from "./args.js";

export default command({
  name: "task reopen",
  aliases: ["任务 重开"],
  summary: "raci.cmd.reopen",
  args: z.object({ key: taskKeyArg, project: projectOption }),
  positional: ["key"],
  examples: ["task reopen T-7", "任务 重开 T-7"],
  permission: "member",
  run: async (ctx) => ctx.services.raci.reopen(await taskAsker(ctx, ctx.args.project), ctx.args.key),
});
