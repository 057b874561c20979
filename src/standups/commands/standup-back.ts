import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "standup back",
  aliases: ["销假", "站会 销假"],
  summary: "standup.cmd.back",
  args: z.object({}),
  examples: ["standup back", "销假"],
  permission: "member",
  run: (ctx) => (ctx.project ? ctx.services.standups.back(askerOf(ctx)) : undefined),
});
