import { z } from "zod";
import { dateTextArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker } from "./args.js";

const people = z.string().trim().max(500);

export default command({
  name: "task add",
  aliases: ["任务 添加", "任务 新建"],
  summary: "raci.cmd.add",
  args: z.object({
    title: z.string().trim().min(1).max(300),
    r: people.min(1),
    a: people.optional(),
    c: people.optional(),
    i: people.optional(),
    due: dateTextArg().optional(),
    phase: z.string().trim().min(1).max(60).optional(),
    gate: z.string().trim().min(1).max(30).optional(),
    project: projectOption,
  }),
  positional: ["title"],
  examples: [
    'task add "Migrate lead data" --r @liuyang --a @zhangmin --c tom --i anna --due 2026-06-12 --phase build',
    'task add "Train the Shanghai team" --r "刘洋;张敏" --due "2026-06-20 18:00"',
    "任务 添加 “准备培训材料” --r 刘洋 --a 张敏 --due 明天",
    'task add "Check the lead mapping" --r @tom --due next friday',
    "任务 添加 “导入客户数据” --r 刘洋 --due 下周三 18:00",
    'task add "Lead counts match after the final load" --r @liuyang --gate data',
  ],
  permission: "member",
  run: async (ctx) => {
    const { title, r, a, c, i, due, phase, gate } = ctx.args;
    return ctx.services.raci.add(await taskAsker(ctx, ctx.args.project), { title, r, ...(a !== undefined ? { a } : {}), ...(c !== undefined ? { c } : {}), ...(i !== undefined ? { i } : {}), ...(due ? { due } : {}), ...(phase ? { phase } : {}), ...(gate ? { gate } : {}) });
  },
});
