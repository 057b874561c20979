import { z } from "zod";
import { command } from "../../feature/command.js";
import { createProjectFlows } from "../flows.js";

export default command({
  name: "project show",
  aliases: ["项目", "项目 详情"],
  summary: "commands.project_show.summary",
  args: z.object({ project: z.string().optional() }),
  positional: ["project"],
  examples: ["project show", "project show apollo", "项目"],
  permission: "member",
  mutates: false,
  run: (ctx) => createProjectFlows(ctx.services).show(ctx, ctx.args.project),
});
