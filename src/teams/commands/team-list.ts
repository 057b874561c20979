import { z } from "zod";
import { command } from "../../feature/command.js";
import { createTeamFlows } from "../flows.js";

export default command({
  name: "team list",
  aliases: ["团队", "团队 列表", "teams"],
  summary: "commands.team_list.summary",
  args: z.object({}),
  examples: ["team list", "团队"],
  permission: "member",
  mutates: false,
  run: (ctx) => createTeamFlows(ctx.services).list(ctx),
});
