import { z } from "zod";
import { dateTextArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker, taskKeyArg } from "./args.js";

export default command({
  name: "task snooze",
  aliases: ["任务 推迟", "任务 稍后"],
  summary: "raci.cmd.snooze",
  args: z.object({ key: taskKeyArg, until: dateTextArg(20).default("1d"), project: projectOption }),
  positional: ["key", "until"],
  examples: ["task snooze T-7", "task snooze T-7 3d", "task snooze T-7 2026-06-22", "task snooze T-7 off", "task snooze T-7 monday", "任务 推迟 T-7 2天", "任务 推迟 T-7 下周一"],
  permission: "member",
  run: async (ctx) => ctx.services.raci.snooze(await taskAsker(ctx, ctx.args.project), ctx.args.key, ctx.args.until),
});
