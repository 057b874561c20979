import { z } from "zod";
import { dateArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { createProjectFlows } from "../flows.js";

export default command({
  name: "project create",
  aliases: ["项目 创建", "项目 新建"],
  summary: "commands.project_create.summary",
  args: z.object({
    name: z.string().trim().min(2).max(80),
    key: z.string().regex(/^[a-z][a-z0-9-]{1,23}$/).optional(),
    golive: dateArg({ notPast: true }).optional(),
    timezone: z.string().optional(),
  }),
  labels: { key: "labels.key", golive: "args.names.golive" },
  positional: ["name"],
  examples: ['project create "Apollo CRM 上线" --key apollo --golive 2027-03-01', "项目 创建 华东销售CRM --key east --golive 下周五"],
  permission: "admin",
  scope: "tenant",
  run: (ctx) => createProjectFlows(ctx.services).create(ctx, ctx.args),
});
