import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom issues",
  aliases: ["作战室 问题列表"],
  summary: "golive.cmd.warroom_issues",
  args: z.object({}),
  examples: ["warroom issues"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.golive.issues.list(goliveAsker(ctx)),
});
