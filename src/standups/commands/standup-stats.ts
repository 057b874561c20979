import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "standup stats",
  aliases: ["站会 统计"],
  summary: "standup.cmd.stats",
  args: z.object({ week: z.iso.date().optional(), last: z.literal(true).optional() }),
  examples: ["standup stats", "standup stats --last", "standup stats --week 2026-09-21", "站会 统计"],
  permission: "sponsor",
  mutates: false,
  run: (ctx) =>
    ctx.project ? ctx.services.standups.stats(askerOf(ctx), ctx.project.name, { ...(ctx.args.week ? { date: ctx.args.week } : {}), last: ctx.args.last === true }) : undefined,
});
