import { z } from "zod";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker } from "./args.js";

export default command({
  name: "raci matrix",
  aliases: ["责任矩阵", "raci", "RACI 矩阵"],
  summary: "raci.cmd.matrix",
  args: z.object({ phase: z.string().trim().min(1).max(60).optional(), project: projectOption }),
  positional: ["phase"],
  examples: ["raci matrix", "raci matrix uat", "责任矩阵"],
  permission: "member",
  mutates: false,
  run: async (ctx) => ctx.services.raci.matrix(await taskAsker(ctx, ctx.args.project), ctx.args.phase),
});
