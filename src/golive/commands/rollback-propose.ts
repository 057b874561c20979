import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "rollback propose",
  aliases: ["回滚 提议"],
  summary: "golive.cmd.rollback_propose",
  args: z.object({ reason: z.string().trim().min(5).max(1000) }),
  positional: ["reason"],
  examples: ['rollback propose "orders have failed for 40 minutes and the fix is not in sight"'],
  permission: "member",
  run: (ctx) => ctx.services.golive.rollback.propose(goliveAsker(ctx), ctx.args.reason),
});
