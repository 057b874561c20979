import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, projectOption, person } from "./args.js";

export default command({
  name: "change review",
  aliases: ["变更 评审"],
  summary: "governance.cmd.change_review",
  args: z.object({ project: projectOption, key: keyArg, recommendation: z.string().trim().min(1).max(20), note: z.string().trim().max(500).optional(), decider: person.optional() }),
  labels: { recommendation: "governance.args.recommendation" },
  positional: ["key", "recommendation", "note"],
  examples: ['change review CR-1 defer "Fits phase 2 better"', 'change review CR-1 recommend "Small, and sales asked twice" --decider @chenwei', "变更 评审 CR-1 defer “放到二期”"],
  permission: "pm",
  run: async (ctx) => ctx.services.governance.changes.review(await ctx.services.governance.inProject(askerOf(ctx), ctx.args.project), ctx.args.key, ctx.args.recommendation, ctx.args.note, ctx.args.decider),
});
