import { z } from "zod";
import { command } from "../../feature/command.js";
import { createTeamFlows } from "../flows.js";
import { calendarId, locale, timeZone } from "../team-args.js";

export default command({
  name: "team create",
  aliases: ["团队 创建", "团队 新建"],
  summary: "commands.team_create.summary",
  args: z.object({ name: z.string().trim().min(1).max(60), timezone: timeZone.optional(), locale: locale.optional(), calendar: calendarId.optional() }),
  labels: { locale: { label: "args.names.locale", choices: "language_names" } },
  positional: ["name"],
  examples: ['team create "Sales Ops" --timezone Asia/Shanghai --locale zh-CN', "团队 创建 华南销售 --timezone Asia/Shanghai"],
  permission: "pm",
  run: (ctx) => createTeamFlows(ctx.services).create(ctx, ctx.args),
});
