import { z } from "zod";
import { command } from "../../feature/command.js";
import { createProjectFlows } from "../flows.js";

export default command({
  name: "project golive-date",
  aliases: ["项目 上线日期", "project golive"],
  summary: "commands.project_golive.summary",
  args: z.object({ date: z.union([z.iso.date(), z.literal("none")]) }),
  positional: ["date"],
  examples: ["project golive-date 2027-03-01", "project golive-date none", "项目 上线日期 2027-03-01"],
  permission: "pm",
  run: (ctx) => createProjectFlows(ctx.services).setGoLive(ctx, ctx.args.date === "none" ? null : ctx.args.date),
});
