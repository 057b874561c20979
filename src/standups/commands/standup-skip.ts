import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, teamOption } from "./args.js";

export default command({
  name: "standup skip",
  aliases: ["站会 跳过"],
  summary: "standup.cmd.skip",
  args: z.object({ team: teamOption }),
  examples: ["standup skip", "站会 跳过"],
  permission: "member",
  run: (ctx) => (ctx.project ? ctx.services.standups.skip(askerOf(ctx), ctx.args.team) : undefined),
});
