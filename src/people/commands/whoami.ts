import { z } from "zod";
import { command } from "../../feature/command.js";
import { createPeopleFlows } from "../flows.js";

export default command({
  name: "whoami",
  aliases: ["我是谁"],
  summary: "commands.whoami.summary",
  args: z.object({}),
  examples: ["whoami", "我是谁"],
  permission: "anyone",
  run: (ctx) => createPeopleFlows(ctx.services).whoami(ctx),
});
