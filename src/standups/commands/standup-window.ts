import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, teamOption, wallTime } from "./args.js";

export default command({
  name: "standup window",
  aliases: ["站会 截止"],
  summary: "standup.cmd.window",
  args: z.object({ close: wallTime, reminder: z.string().optional(), team: teamOption }),
  positional: ["close"],
  examples: ["standup window 11:00", "standup window 10:30 --reminder 15", "standup window 11:00 --reminder off --team emea", "站会 截止 11:30"],
  permission: "pm",
  run: (ctx) =>
    ctx.project ? ctx.services.standups.configure(askerOf(ctx), ctx.args.team, { close: ctx.args.close, ...(ctx.args.reminder !== undefined ? { reminder: ctx.args.reminder } : {}) }) : undefined,
});
