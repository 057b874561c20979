import { z } from "zod";
import { dateTextArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption, person } from "./args.js";

export default command({
  name: "risk task",
  aliases: ["风险 任务"],
  summary: "governance.cmd.risk_task",
  args: z.object({ project: projectOption, key: keyArg, title: z.string().trim().min(1).max(300).optional(), r: person.optional(), due: dateTextArg().optional() }),
  positional: ["key", "title"],
  examples: ["risk task R-2", 'risk task R-2 "Run a second migration dry run" --r @liuyang --due 2026-12-18', 'risk task R-2 "Run a second migration dry run" --r @liuyang --due "next friday"'],
  permission: "member",
  run: async (ctx) => ctx.services.governance.risks.task(await ctx.services.governance.inProject(askerOf(ctx), ctx.args.project), ctx.args.key, ctx.args),
});
