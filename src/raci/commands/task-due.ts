import { z } from "zod";
import { dateTextArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker, taskKeyArg } from "./args.js";

export default command({
  name: "task due",
  aliases: ["任务 截止"],
  summary: "raci.cmd.due",
  args: z.object({ key: taskKeyArg, due: dateTextArg(), project: projectOption }),
  positional: ["key", "due"],
  examples: ["task due T-7 2026-06-19", "task due T-7 2026-06-19 18:00", "task due T-7 next friday", "task due T-7 none", "任务 截止 T-7 明天", "任务 截止 T-7 下周五 18:00"],
  permission: "member",
  run: async (ctx) => ctx.services.raci.due(await taskAsker(ctx, ctx.args.project), ctx.args.key, ctx.args.due),
});
