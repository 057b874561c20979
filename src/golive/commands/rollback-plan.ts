import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

const text = z.string().trim().min(1).max(2000).optional();

export default command({
  name: "rollback plan",
  aliases: ["回滚 计划"],
  summary: "golive.cmd.rollback_plan",
  args: z.object({ triggers: text, steps: text, deciders: z.string().trim().min(1).max(500).optional(), pnr: z.string().trim().min(1).max(40).optional() }),
  labels: { triggers: "golive.args.triggers", steps: "golive.args.steps", deciders: "golive.args.deciders", pnr: "golive.args.pnr" },
  examples: ['rollback plan --triggers "orders fail for 30 min; data loss" --steps "stop sync; restore snapshot; switch DNS back" --deciders "@wangfang @lina" --pnr "2026-12-07 18:00"', "rollback plan"],
  permission: "member",
  run: (ctx) => {
    const { triggers, steps, deciders, pnr } = ctx.args;
    return ctx.services.golive.rollback.plan(goliveAsker(ctx), { ...(triggers ? { triggers } : {}), ...(steps ? { steps } : {}), ...(deciders ? { deciders } : {}), ...(pnr ? { pnr } : {}) });
  },
});
