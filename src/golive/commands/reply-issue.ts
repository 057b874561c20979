import { z } from "zod";
import { command } from "../../feature/command.js";

// `@bot issue` replying to a message in the war room: the hook (src/golive/hooks.ts) does the work; this says nothing.
export default command({
  name: "issue",
  aliases: ["问题"],
  summary: "golive.cmd.reply_issue",
  args: z.object({}),
  examples: ["issue"],
  permission: "member",
  mutates: false,
  hidden: true,
  run: (ctx) => (ctx.conversation.kind === "direct" ? ctx.t("golive.issue.reply_hint") : undefined),
});
