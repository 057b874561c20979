import { z } from "zod";
import { dateArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "standup stats",
  aliases: ["站会 统计"],
  summary: "standup.cmd.stats",
  args: z.object({ week: dateArg().optional(), last: z.literal(true).optional() }),
  examples: ["standup stats", "standup stats --last", "standup stats --week 2026-09-21", "standup stats --week today", "站会 统计", "站会 统计 --week 本周一"],
  permission: "sponsor",
  mutates: false,
  run: (ctx) =>
    ctx.project ? ctx.services.standups.stats(askerOf(ctx), ctx.project.name, { ...(ctx.args.week ? { date: ctx.args.week } : {}), last: ctx.args.last === true }) : undefined,
});
