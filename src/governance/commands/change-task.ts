import { z } from "zod";
import { dateTextArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption, person } from "./args.js";

export default command({
  name: "change task",
  aliases: ["变更 任务"],
  summary: "governance.cmd.change_task",
  args: z.object({ project: projectOption, key: keyArg, title: z.string().trim().min(1).max(300).optional(), r: person.optional(), due: dateTextArg().optional() }),
  positional: ["key", "title"],
  examples: ['change task CR-1 "Build the WeChat lead connector" --r @liuyang --due 2026-12-24', "变更 任务 CR-1", "变更 任务 CR-1 “开发微信线索接口” --r 刘洋 --due 下周五"],
  permission: "member",
  run: async (ctx) => ctx.services.governance.changes.task(await ctx.services.governance.inProject(askerOf(ctx), ctx.args.project), ctx.args.key, ctx.args),
});
