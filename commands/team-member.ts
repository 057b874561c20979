import { z } from "zod";
import { UserError } from "../src/core/command.js";
import { command } from "./define.js";
import { personNamed } from "./person-arg.js";

const args = z.object({ team: z.string().trim().min(1), who: z.string().trim().min(1) });

export const teamAdd = command({
  name: "team add",
  aliases: ["团队 添加"],
  summary: "commands.team_add.summary",
  args,
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

export const teamRemove = command({
  name: "team remove",
  aliases: ["团队 移除"],
  summary: "commands.team_remove.summary",
  args,
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
