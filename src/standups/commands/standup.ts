import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

const answer = z.string().max(2000);

export default command({
  name: "standup",
  aliases: ["站会"],
  summary: "standup.cmd.answer",
  args: z.object({ yesterday: answer.optional(), today: answer.optional(), blockers: answer.optional(), team: z.string().trim().min(1).optional() }),
  short: { y: "yesterday", t: "today", b: "blockers" },
  examples: ['standup -y "migrated the lead import" -t "train the Shanghai team" -b "none"', "standup", '站会 -t "准备培训材料" -b "等待测试环境"', 'standup -b "waiting for VPN access" --team emea'],
  permission: "member",
  async run(ctx) {
    const { args, services } = ctx;
    if (!ctx.project) return;
    const who = askerOf(ctx);
    const given = { ...(args.yesterday !== undefined ? { yesterday: args.yesterday } : {}), ...(args.today !== undefined ? { today: args.today } : {}), ...(args.blockers !== undefined ? { blockers: args.blockers } : {}) };
    if (Object.keys(given).length === 0) return services.standups.startGuide(who, args.team);
    return services.standups.answer(who, given, args.team ? { team: args.team } : {});
  },
});
