import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "blocker resolve",
  aliases: ["阻塞 解决", "阻塞 解除"],
  summary: "blocker.cmd.resolve",
  args: z.object({ key: z.string().trim().regex(/^[bB]-?\d{1,6}$/, { message: "B-1, B-2 …" }).transform((k) => `B-${k.replace(/^[bB]-?/, "")}`) }),
  positional: ["key"],
  examples: ["blocker resolve B-3", "阻塞 解决 B-3"],
  permission: "member",
  run: (ctx) => (ctx.project ? ctx.services.standups.blockers.resolve(askerOf(ctx), ctx.args.key, ctx.roles) : undefined),
});
