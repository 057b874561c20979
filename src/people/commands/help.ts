import { z } from "zod";
import { command } from "../../feature/command.js";
import { createPeopleFlows } from "../flows.js";

export default command({
  name: "help",
  aliases: ["帮助", "?", "？"],
  summary: "commands.help.summary",
  args: z.object({ command: z.string().max(80).optional() }),
  positional: ["command"],
  examples: ["help", "help member add", "帮助 项目"],
  permission: "anyone",
  run: (ctx) => createPeopleFlows(ctx.services).help(ctx, ctx.specs, ctx.args.command),
});
