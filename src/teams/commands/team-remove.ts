import { command } from "../../feature/command.js";
import { createTeamFlows } from "../flows.js";
import { teamMemberArgs } from "../team-args.js";

export default command({
  name: "team remove",
  aliases: ["团队 移除"],
  summary: "commands.team_remove.summary",
  args: teamMemberArgs,
  positional: ["team", "who"],
  examples: ["team remove sales-ops @zhangmin"],
  permission: "pm",
  run: (ctx) => createTeamFlows(ctx.services).remove(ctx, ctx.args.team, ctx.args.who),
});
