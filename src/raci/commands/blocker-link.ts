import { z } from "zod";
import { command } from "../../feature/command.js";
import { taskAsker } from "./args.js";

export default command({
  name: "blocker link",
  aliases: ["阻塞 关联"],
  summary: "raci.cmd.blocker_link",
  args: z.object({ blocker: z.string().trim().min(1).max(20), task: z.string().trim().min(1).max(20) }),
  positional: ["blocker", "task"],
  examples: ["blocker link B-3 T-7", "blocker link B-3 none", "阻塞 关联 B-3 T-7"],
  permission: "member",
  run: async (ctx) => ctx.services.raci.linkBlocker(await taskAsker(ctx), ctx.args.blocker, ctx.args.task),
});
