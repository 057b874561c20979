import { z } from "zod";
import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { calendarId, locale, timeZone, workHours } from "../../teams/team-args.js";

export default command({
  name: "team set",
  aliases: ["团队 设置"],
  summary: "commands.team_set.summary",
  args: z.object({
    team: z.string().trim().min(1),
    timezone: timeZone.optional(),
    hours: workHours.optional(),
    locale: locale.optional(),
    calendar: calendarId.optional(),
    home: z.literal(true).optional(),
  }),
  positional: ["team"],
  examples: ["team set sales-ops --timezone Asia/Shanghai --hours 09:00-18:00", "team set emea --locale en --home", "团队 设置 销售运营 --home"],
  permission: "pm",
  async run({ args, tenant, project, services, t, conversation }) {
    if (!project) return;
    const team = await services.teams.find(tenant.id, project.id, args.team);
    if (!team) throw new UserError("commands.team.not_found", { team: args.team });
    if (args.home && conversation.kind !== "group") throw new UserError("commands.team_set.home_needs_group");
    const nothing = !args.timezone && !args.hours && !args.locale && !args.calendar && !args.home;
    if (nothing) throw new UserError("commands.team_set.nothing");
    await services.teams.update(tenant.id, team.id, {
      ...(args.timezone ? { timezone: args.timezone } : {}),
      ...(args.hours ? { workStart: args.hours.start, workEnd: args.hours.end } : {}),
      ...(args.locale ? { locale: args.locale } : {}),
      ...(args.calendar ? { calendar: args.calendar } : {}),
      ...(args.home ? { home: conversation } : {}),
    });
    const changes = [
      args.timezone ? `${t("labels.timezone")} ${args.timezone}` : null,
      args.hours ? `${t("labels.hours")} ${args.hours.start}–${args.hours.end}` : null,
      args.locale ? `${t("labels.locale")} ${args.locale}` : null,
      args.calendar ? `${t("labels.calendar")} ${args.calendar}` : null,
      args.home ? `${t("labels.home")} ${conversation.conversationId}` : null,
    ].filter((c): c is string => c !== null);
    return t("commands.team_set.done", { team: team.name, changes: changes.join(", ") });
  },
});
