import { z } from "zod";
import { dateOrNoneArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { createProjectFlows } from "../flows.js";

export default command({
  name: "project golive-date",
  aliases: ["项目 上线日期", "project golive"],
  summary: "commands.project_golive.summary",
  args: z.object({ date: dateOrNoneArg({ notPast: true }) }),
  labels: { date: "args.names.golive" },
  positional: ["date"],
  examples: ["project golive-date 2027-03-01", "project golive-date next friday", "project golive-date none", "项目 上线日期 2027-03-01", "项目 上线日期 下周五"],
  permission: "pm",
  run: (ctx) => createProjectFlows(ctx.services).setGoLive(ctx, ctx.args.date),
});
