import { z } from "zod";
import { command } from "../../feature/command.js";
import { privacyAsker } from "./args.js";

export default command({
  name: "privacy export",
  aliases: ["隐私 导出", "我的数据"],
  summary: "privacy.cmd.export",
  args: z.object({ who: z.string().trim().min(1).max(200).default("me") }),
  positional: ["who"],
  examples: ["privacy export me", "privacy export @liuyang", "隐私 导出 我"],
  permission: "anyone",
  scope: "tenant",
  mutates: false,
  run: (ctx) => ctx.services.privacy.export(privacyAsker(ctx), ctx.args.who),
});
