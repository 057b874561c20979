import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom cadence",
  aliases: ["作战室 节奏"],
  summary: "golive.cmd.warroom_cadence",
  args: z.object({ minutes: z.coerce.number().int().min(10).max(24 * 60), sev: z.string().trim().min(1).max(10).optional() }),
  positional: ["minutes"],
  examples: ["warroom cadence 30", "warroom cadence 120", "warroom cadence 15 --sev 1", "作战室 节奏 45 --sev 2"],
  permission: "member",
  // A set-up step (see `help warroom cadence`, the README); kept out of the help index, which every feature shares.
  hidden: true,
  run: (ctx) => ctx.services.golive.warroom.cadence(goliveAsker(ctx), ctx.args.minutes, ctx.args.sev),
});
