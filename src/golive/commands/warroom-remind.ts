import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom remind",
  aliases: ["作战室 稍后提醒"],
  summary: "golive.cmd.warroom_remind",
  args: z.object({ minutes: z.coerce.number().int().min(5).max(24 * 60) }),
  positional: ["minutes"],
  examples: ["warroom remind 30", "warroom remind 120"],
  permission: "member",
  // Reached from a reminder's buttons or `help warroom remind`; kept out of the help index, which every feature shares.
  hidden: true,
  run: (ctx) => ctx.services.golive.warroom.remind(goliveAsker(ctx), ctx.args.minutes),
});
