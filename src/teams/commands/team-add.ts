import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { personNamed } from "../../people/person-arg.js";
import { teamMemberArgs } from "../team-args.js";

export default command({
  name: "team add",
  aliases: ["团队 添加"],
  summary: "commands.team_add.summary",
  args: teamMemberArgs,
  positional: ["team", "who"],
  examples: ["team add sales-ops @zhangmin", 'team add "EMEA Rollout" anna@example.com'],
  permission: "pm",
  async run({ args, tenant, project, services, t }) {
    if (!project) return;
    const team = await services.teams.find(tenant.id, project.id, args.team);
    if (!team) throw new UserError("commands.team.not_found", { team: args.team });
    const { person } = await personNamed(services, tenant, args.who);
    if ((await services.projects.rolesOf(tenant.id, project.id, person.id)).length === 0) {
      throw new UserError("errors.not_a_member", { name: person.displayName, project: project.name });
    }
    const added = await services.teams.addMember(tenant.id, team.id, person.id);
    return t(added ? "commands.team_add.done" : "commands.team_add.already", { name: person.displayName, team: team.name });
  },
});
