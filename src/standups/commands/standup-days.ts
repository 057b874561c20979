import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, teamOption } from "./args.js";

export default command({
  name: "standup days",
  aliases: ["站会 日期", "站会 周期"],
  summary: "standup.cmd.days",
  args: z.object({ days: z.string().trim().min(1), team: teamOption }),
  positional: ["days"],
  examples: ["standup days mon-fri", "standup days mon,wed,fri --team emea", "站会 日期 周一至周五"],
  permission: "pm",
  run: (ctx) => (ctx.project ? ctx.services.standups.configure(askerOf(ctx), ctx.args.team, { days: ctx.args.days }) : undefined),
});
