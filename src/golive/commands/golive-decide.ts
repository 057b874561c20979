import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "golive decide",
  aliases: ["上线 决策"],
  summary: "golive.cmd.decide",
  args: z.object({}),
  examples: ["golive decide"],
  permission: "golive.prepare",
  run: (ctx) => ctx.services.golive.goNoGo.decide(goliveAsker(ctx)),
});
