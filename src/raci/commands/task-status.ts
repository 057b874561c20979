import { z } from "zod";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker, taskKeyArg } from "./args.js";

export default command({
  name: "task status",
  aliases: ["任务 状态"],
  summary: "raci.cmd.status",
  args: z.object({ key: taskKeyArg, status: z.string().trim().min(1).max(30), note: z.string().trim().max(300).optional(), project: projectOption }),
  positional: ["key", "status", "note"],
  examples: ["task status T-7 in_progress", 'task status T-7 blocked --note "waiting for VPN access"', "任务 状态 T-7 进行中", "任务 状态 T-7 受阻 等待 VPN 权限"],
  permission: "member",
  run: async (ctx) => ctx.services.raci.status(await taskAsker(ctx, ctx.args.project), ctx.args.key, ctx.args.status, ctx.args.note),
});
