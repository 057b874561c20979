import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "golive template",
  aliases: ["上线 模板"],
  summary: "golive.cmd.template",
  args: z.object({}),
  examples: ["golive template"],
  permission: "golive.prepare",
  run: (ctx) => ctx.services.golive.gates.template(goliveAsker(ctx)),
});
