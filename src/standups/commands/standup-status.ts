import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, teamOption } from "./args.js";

export default command({
  name: "standup status",
  aliases: ["站会 状态"],
  summary: "standup.cmd.status",
  args: z.object({ team: teamOption }),
  examples: ["standup status", "standup status --team emea", "站会 状态"],
  permission: "member",
  mutates: false,
  run: (ctx) => (ctx.project ? ctx.services.standups.status(askerOf(ctx), ctx.args.team) : undefined),
});
