import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "blocker list",
  aliases: ["blockers", "阻塞", "阻塞 列表"],
  summary: "blocker.cmd.list",
  args: z.object({ all: z.literal(true).optional() }),
  examples: ["blocker list", "blocker list --all", "阻塞"],
  permission: "member",
  mutates: false,
  run: (ctx) => (ctx.project ? ctx.services.standups.blockers.list(askerOf(ctx), ctx.project.name, ctx.args.all === true) : undefined),
});
