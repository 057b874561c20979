import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom close",
  aliases: ["作战室 关闭"],
  summary: "golive.cmd.warroom_close",
  args: z.object({}),
  examples: ["warroom close"],
  permission: "member",
  confirm: true,
  run: (ctx) => ctx.services.golive.life.close(goliveAsker(ctx)),
});
