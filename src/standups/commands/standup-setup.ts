import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, teamOption, wallTime } from "./args.js";

export default command({
  name: "standup setup",
  aliases: ["站会 设置", "站会 开启"],
  summary: "standup.cmd.setup",
  args: z.object({ team: teamOption, time: wallTime.optional(), close: wallTime.optional(), reminder: z.string().optional(), days: z.string().optional() }),
  positional: ["team"],
  examples: ['standup setup "Sales Ops 销售运营"', "standup setup emea --time 09:15 --close 10:30 --reminder 20 --days mon-fri", "站会 设置 销售运营 --days 周一至周五"],
  permission: "pm",
  run: (ctx) => (ctx.project ? ctx.services.standups.setup(askerOf(ctx), ctx.args.team, ctx.args) : undefined),
});
