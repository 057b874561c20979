import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom hypercare",
  aliases: ["作战室 强化支持"],
  summary: "golive.cmd.warroom_hypercare",
  args: z.object({ until: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "2026-12-21" }).optional() }),
  examples: ["warroom hypercare --until 2026-12-21", "warroom hypercare"],
  permission: "member",
  run: (ctx) => ctx.services.golive.life.hypercare(goliveAsker(ctx), ctx.args.until),
});
