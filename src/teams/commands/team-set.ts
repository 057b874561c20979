import { z } from "zod";
import { command } from "../../feature/command.js";
import { createTeamFlows } from "../flows.js";
import { calendarId, locale, timeZone, workHours } from "../team-args.js";

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
  labels: { locale: { label: "args.names.locale", choices: "language_names" } },
  positional: ["team"],
  examples: ["team set sales-ops --timezone Asia/Shanghai --hours 09:00-18:00", "team set emea --locale en --home", "团队 设置 销售运营 --home"],
  permission: "pm",
  run: (ctx) => createTeamFlows(ctx.services).set(ctx, ctx.args.team, ctx.args),
});
