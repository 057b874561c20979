import { command } from "../../feature/command.js";
import { createTeamFlows } from "../flows.js";
import { teamMemberArgs } from "../team-args.js";

export default command({
  name: "team add",
  aliases: ["团队 添加"],
  summary: "commands.team_add.summary",
  args: teamMemberArgs,
  positional: ["team", "who"],
  examples: ["team add sales-ops @zhangmin", 'team add "EMEA Rollout" anna@example.com'],
  permission: "pm",
  run: (ctx) => createTeamFlows(ctx.services).add(ctx, ctx.args.team, ctx.args.who),
});
