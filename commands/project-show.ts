import { z } from "zod";
import { daysBetween, utcDate } from "../src/core/dates.js";
import { UserError } from "../src/core/command.js";
import { actions, button, fields } from "../src/core/message.js";
import { command } from "./define.js";

export default command({
  name: "project show",
  aliases: ["项目", "项目 详情"],
  summary: "commands.project_show.summary",
  args: z.object({ project: z.string().optional() }),
  positional: ["project"],
  examples: ["project show", "project show apollo", "项目"],
  permission: "member",
  mutates: false,
  async run({ args, tenant, actor, project: current, services, t, now, roles }) {
    const project = args.project ? await services.projects.find(tenant.id, args.project) : current ? await services.projects.get(tenant.id, current.id) : null;
    if (!project) throw new UserError("commands.project.not_found", { project: args.project ?? "" });
    if (project.id !== current?.id) {
      const rolesThere = await services.projects.rolesOf(tenant.id, project.id, actor.personId);
      if (rolesThere.length === 0 && !(await services.projects.isTenantAdmin(tenant.id, actor.personId))) {
        throw new UserError("commands.project.not_member", { project: project.name });
      }
    }
    const members = await services.projects.members(tenant.id, project.id);
    const teams = await services.teams.list(tenant.id, project.id);
    const byRole = (role: string) => members.filter((m) => (m.roles as string[]).includes(role)).map((m) => m.displayName).join(", ") || "—";
    const golive = project.goLiveDate
      ? `${project.goLiveDate} (${t("commands.project_show.days_to_go", { days: daysBetween(utcDate(now), project.goLiveDate) })})`
      : t("commands.project_show.no_golive");
    const blocks = [
      fields([
        [t("labels.key"), project.key],
        [t("labels.phase"), t(`phases.${project.phase}`)],
        [t("labels.golive"), golive],
        [t("labels.timezone"), project.timezone],
        [t("roles.sponsor"), byRole("sponsor")],
        [t("roles.pm"), byRole("pm")],
        [t("labels.members"), String(members.length)],
        [t("labels.teams"), teams.map((tm) => `${tm.name} (${tm.memberCount})`).join(", ") || "—"],
      ]),
    ];
    const buttons = [button(t("commands.project_show.members_button"), "member list"), button(t("commands.project_show.teams_button"), "team list")];
    if (roles.includes("pm") || roles.includes("admin")) buttons.push(button(t("commands.project_show.phase_button"), "help project phase"));
    return { title: `${project.name}`, blocks: [...blocks, actions(...buttons)] };
  },
});
