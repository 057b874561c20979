import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, teamOption, wallTime } from "./args.js";

export default command({
  name: "standup time",
  aliases: ["站会 时间"],
  summary: "standup.cmd.time",
  args: z.object({ time: wallTime, team: teamOption }),
  positional: ["time"],
  examples: ["standup time 09:30", "standup time 09:15 --team emea", "站会 时间 09:45"],
  permission: "pm",
  run: (ctx) => (ctx.project ? ctx.services.standups.configure(askerOf(ctx), ctx.args.team, { time: ctx.args.time }) : undefined),
});
