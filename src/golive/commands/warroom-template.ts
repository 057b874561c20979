import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom template",
  aliases: ["作战室 通知模板"],
  summary: "golive.cmd.warroom_template",
  args: z.object({ kind: z.enum(["outage", "degraded", "restored"]), text: z.string().trim().min(5).max(2000) }),
  positional: ["kind", "text"],
  examples: ['warroom template outage "The CRM is down for maintenance; use the paper order form, call 4000 for help."'],
  permission: "member",
  // A set-up step (see `help warroom template`, the README); kept out of the help index, which every feature shares.
  hidden: true,
  run: (ctx) => ctx.services.golive.life.setNoticeText(goliveAsker(ctx), ctx.args.kind, ctx.args.text),
});
