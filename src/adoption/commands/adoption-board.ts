import { z } from "zod";
import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { viewerOf } from "./args.js";

export default command({
  name: "adoption board",
  aliases: ["积分榜", "积分 排行"],
  summary: "adoption.cmd.board",
  args: z.object({ team: z.literal(true).optional(), role: z.literal(true).optional(), module: z.literal(true).optional(), week: z.literal(true).optional(), month: z.literal(true).optional() }),
  examples: ["adoption board", "adoption board --team --month", "adoption board --module", "积分榜 --role"],
  permission: "member",
  mutates: false,
  async run(ctx) {
    const { args } = ctx;
    if ([args.team, args.role, args.module].filter(Boolean).length > 1) throw new UserError("adoption.board.one_segment");
    if (args.week && args.month) throw new UserError("adoption.board.one_period");
    return ctx.services.adoption.boards.board(await viewerOf(ctx), { by: args.team ? "team" : args.role ? "role" : args.module ? "module" : "all", period: args.month ? "month" : "week" });
  },
});
