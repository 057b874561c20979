import { z } from "zod";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker, taskKeyArg } from "./args.js";

export default command({
  name: "task snooze",
  aliases: ["任务 推迟", "任务 稍后"],
  summary: "raci.cmd.snooze",
  args: z.object({ key: taskKeyArg, until: z.string().trim().min(1).max(20).default("1d"), project: projectOption }),
  positional: ["key", "until"],
  examples: ["task snooze T-7", "task snooze T-7 3d", "task snooze T-7 2026-06-22", "task snooze T-7 off", "任务 推迟 T-7 2天"],
  permission: "member",
  run: async (ctx) => ctx.services.raci.snooze(await taskAsker(ctx, ctx.args.project), ctx.args.key, ctx.args.until),
});
