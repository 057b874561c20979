import { z } from "zod";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker, taskKeyArg } from "./args.js";

export default command({
  name: "task edit",
  aliases: ["任务 编辑", "任务 修改"],
  summary: "raci.cmd.edit",
  args: z.object({ key: taskKeyArg, title: z.string().trim().min(1).max(300).optional(), phase: z.string().trim().min(1).max(60).optional(), project: projectOption }),
  positional: ["key"],
  examples: ['task edit T-7 --title "Migrate lead and account data"', "task edit T-7 --phase uat", "任务 编辑 T-7 --phase none"],
  permission: "member",
  run: async (ctx) => {
    const { key, title, phase } = ctx.args;
    return ctx.services.raci.edit(await taskAsker(ctx, ctx.args.project), key, { ...(title !== undefined ? { title } : {}), ...(phase !== undefined ? { phase } : {}) });
  },
});
