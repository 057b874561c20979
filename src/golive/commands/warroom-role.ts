import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom role",
  aliases: ["作战室 角色"],
  summary: "golive.cmd.warroom_role",
  args: z.object({ role: z.string().trim().min(1).max(30), person: z.string().trim().min(1).max(200) }),
  positional: ["role", "person"],
  examples: ["warroom role commander @lina", "warroom role tech @chenwei", "作战室 角色 记录员 @zhangmin"],
  permission: "member",
  run: (ctx) => ctx.services.golive.warroom.role(goliveAsker(ctx), ctx.args.role, ctx.args.person),
});
