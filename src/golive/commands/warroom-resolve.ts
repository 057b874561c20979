import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom resolve",
  aliases: ["作战室 解决"],
  summary: "golive.cmd.warroom_resolve",
  args: z.object({ key: z.string().trim().min(1).max(20) }),
  positional: ["key"],
  examples: ["warroom resolve I-3"],
  permission: "member",
  run: (ctx) => ctx.services.golive.issues.resolve(goliveAsker(ctx), ctx.args.key),
});
