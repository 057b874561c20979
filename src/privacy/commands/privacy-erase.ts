import { z } from "zod";
import { command } from "../../feature/command.js";
import { privacyAsker } from "./args.js";

export default command({
  name: "privacy erase",
  aliases: ["隐私 删除"],
  summary: "privacy.cmd.erase",
  args: z.object({ who: z.string().trim().min(1).max(200), reason: z.string().trim().min(3).max(500) }),
  positional: ["who"],
  examples: ['privacy erase @liuyang --reason "left the company, asked for erasure (ticket 4711)"', '隐私 删除 @刘洋 --reason "已离职，本人申请删除"'],
  permission: "admin",
  scope: "tenant",
  confirm: true,
  run: (ctx) => ctx.services.privacy.erase(privacyAsker(ctx), ctx.args.who, ctx.args.reason),
});
