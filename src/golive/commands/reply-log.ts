import { z } from "zod";
import { command } from "../../feature/command.js";

// `@bot log` replying to a message in the war room: the hook (src/golive/hooks.ts) puts it on the timeline.
export default command({
  name: "log",
  aliases: ["记录"],
  summary: "golive.cmd.reply_log",
  args: z.object({}),
  examples: ["log"],
  permission: "member",
  mutates: false,
  hidden: true,
  run: (ctx) => (ctx.conversation.kind === "direct" ? ctx.t("golive.issue.reply_hint") : undefined),
});
