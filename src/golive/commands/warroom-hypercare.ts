import { z } from "zod";
import { dateArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom hypercare",
  aliases: ["作战室 强化支持"],
  summary: "golive.cmd.warroom_hypercare",
  args: z.object({ until: dateArg().optional() }),
  examples: ["warroom hypercare --until 2026-12-21", "warroom hypercare --until next friday", "作战室 强化支持 --until 下周五", "warroom hypercare"],
  permission: "member",
  run: (ctx) => ctx.services.golive.life.hypercare(goliveAsker(ctx), ctx.args.until),
});
