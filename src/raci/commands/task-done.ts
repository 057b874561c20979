import { z } from "zod";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker, taskKeyArg } from "./args.js";

export default command({
  name: "task done",
  aliases: ["任务 完成"],
  summary: "raci.cmd.done",
  args: z.object({ key: taskKeyArg, project: projectOption }),
  positional: ["key"],
  examples: ["task done T-7", "任务 完成 T-7"],
  permission: "member",
  run: async (ctx) => ctx.services.raci.done(await taskAsker(ctx, ctx.args.project), ctx.args.key),
});
