import { z } from "zod";
import { command } from "../../feature/command.js";
import { createProjectFlows } from "../flows.js";

export default command({
  name: "project use",
  aliases: ["项目 切换", "项目 使用"],
  summary: "commands.project_use.summary",
  args: z.object({ project: z.string().min(1) }),
  positional: ["project"],
  examples: ["project use apollo", "项目 切换 apollo"],
  permission: "anyone",
  mutates: true,
  run: (ctx) => createProjectFlows(ctx.services).use(ctx, ctx.args.project),
});
