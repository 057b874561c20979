import { z } from "zod";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker } from "./args.js";

export default command({
  name: "task list",
  aliases: ["任务 列表", "tasks", "我的任务", "task", "任务"],
  summary: "raci.cmd.list",
  args: z.object({
    which: z.string().trim().min(1).max(20).optional(),
    person: z.string().trim().min(1).max(120).optional(),
    phase: z.string().trim().min(1).max(60).optional(),
    status: z.string().trim().min(1).max(30).optional(),
    project: projectOption,
  }),
  positional: ["which"],
  examples: ["task list", "task list overdue", "task list --person @anna", "task list all --phase uat", "任务 列表 逾期"],
  permission: "member",
  mutates: false,
  run: async (ctx) => {
    const { which, person, phase, status } = ctx.args;
    return ctx.services.raci.list(await taskAsker(ctx, ctx.args.project), { ...(which ? { which } : {}), ...(person ? { person } : {}), ...(phase ? { phase } : {}), ...(status ? { status } : {}) });
  },
});
