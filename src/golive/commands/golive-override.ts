import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "golive override",
  aliases: ["上线 特批"],
  summary: "golive.cmd.override",
  args: z.object({ reason: z.string().trim().min(10).max(1000) }),
  positional: ["reason"],
  examples: ['golive override "training for the last 12 users is booked for Monday; support covers them"'],
  permission: "golive.override",
  run: (ctx) => ctx.services.golive.goNoGo.override(goliveAsker(ctx), ctx.args.reason),
});
