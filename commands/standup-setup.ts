import { z } from "zod";
import { command } from "./define.js";
import { askerOf } from "./standup.js";

/** A local wall time, `HH:MM` (a full-width colon is accepted). */
export const wallTime = z
  .string()
  .trim()
  .transform((v) => v.replace("：", ":").replace(/^(\d):/, "0$1:"))
  .pipe(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "HH:MM, e.g. 09:30" }));

/** `--team <name>`: a team of the current project, by name, id or a unique prefix. */
export const teamOption = z.string().trim().min(1).optional();

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
