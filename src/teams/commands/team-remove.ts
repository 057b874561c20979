import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { personNamed } from "../../people/person-arg.js";
import { teamMemberArgs } from "../team-args.js";

export default command({
  name: "team remove",
  aliases: ["团队 移除"],
  summary: "commands.team_remove.summary",
  args: teamMemberArgs,
  positional: ["team", "who"],
  examples: ["team remove sales-ops @zhangmin"],
  permission: "pm",
  async run({ args, tenant, project, services, t }) {
    if (!project) return;
    const team = await services.teams.find(tenant.id, project.id, args.team);
    if (!team) throw new UserError("commands.team.not_found", { team: args.team });
    const { person } = await personNamed(services, tenant, args.who);
    const removed = await services.teams.removeMember(tenant.id, team.id, person.id);
    return t(removed ? "commands.team_remove.done" : "commands.team_remove.not_in_team", { name: person.displayName, team: team.name });
  },
});
