import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom timeline",
  aliases: ["作战室 时间线"],
  summary: "golive.cmd.warroom_timeline",
  args: z.object({}),
  examples: ["warroom timeline"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.golive.life.showTimeline(goliveAsker(ctx)),
});
