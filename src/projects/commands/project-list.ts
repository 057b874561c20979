import { z } from "zod";
import { command } from "../../feature/command.js";
import { createProjectFlows } from "../flows.js";

export default command({
  name: "project list",
  aliases: ["项目 列表"],
  summary: "commands.project_list.summary",
  args: z.object({}),
  examples: ["project list"],
  permission: "anyone",
  run: (ctx) => createProjectFlows(ctx.services).list(ctx),
});
