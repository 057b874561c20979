import { z } from "zod";
import { dateTextArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

const people = z.string().trim().min(1).max(500);

export default command({
  name: "golive gate add",
  aliases: ["上线 关卡 添加"],
  summary: "golive.cmd.gate_add",
  args: z.object({ title: z.string().trim().min(1).max(300), category: z.string().trim().min(1).max(30), r: people, a: people.optional(), due: dateTextArg().optional() }),
  positional: ["title"],
  examples: ['golive gate add "Lead counts match after the final load" --category data --r @liuyang --a @lina --due 2026-12-18', "上线 关卡 添加 “应急联系人列表” --category 支持 --r 张敏 --due 下周五"],
  permission: "golive.prepare",
  run: (ctx) => {
    const { title, category, r, a, due } = ctx.args;
    return ctx.services.golive.gates.add(goliveAsker(ctx), { title, category, r, ...(a ? { a } : {}), ...(due ? { due } : {}) });
  },
});
