import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom open",
  aliases: ["作战室", "作战室 开启"],
  summary: "golive.cmd.warroom_open",
  args: z.object({}),
  examples: ["warroom open", "作战室"],
  permission: "golive.prepare",
  run: (ctx) => ctx.services.golive.warroom.open(goliveAsker(ctx)),
});
