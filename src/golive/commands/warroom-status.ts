import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom status",
  aliases: ["作战室 状态"],
  summary: "golive.cmd.warroom_status",
  args: z.object({}),
  examples: ["warroom status"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.golive.warroom.status(goliveAsker(ctx)),
});
