import { z } from "zod";
import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { calendarId, locale, timeZone } from "../../teams/team-args.js";

export default command({
  name: "team create",
  aliases: ["团队 创建", "团队 新建"],
  summary: "commands.team_create.summary",
  args: z.object({ name: z.string().trim().min(1).max(60), timezone: timeZone.optional(), locale: locale.optional(), calendar: calendarId.optional() }),
  positional: ["name"],
  examples: ['team create "Sales Ops" --timezone Asia/Shanghai --locale zh-CN', "团队 创建 华南销售 --timezone Asia/Shanghai"],
  permission: "pm",
  async run({ args, tenant, project, services, t, locale: current }) {
    if (!project) return;
    const full = await services.projects.get(tenant.id, project.id);
    const team = await services.teams.create(tenant.id, project.id, {
      name: args.name,
      timezone: args.timezone ?? full?.timezone ?? tenant.timezone,
      locale: args.locale ?? current,
      ...(args.calendar ? { calendar: args.calendar } : {}),
    });
    if (!team) throw new UserError("commands.team_create.exists", { name: args.name });
    return t("commands.team_create.done", { name: team.name, timezone: team.timezone, calendar: team.calendar });
  },
});
