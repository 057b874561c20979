import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, feedbackText, word } from "./args.js";

// `@bot feedback` replying to a message (no text of its own) is filed by the group hook (src/feedback/capture.ts).
export default command({
  name: "feedback",
  aliases: ["反馈"],
  summary: "feedback.cmd.file",
  args: z.object({ text: feedbackText.optional(), type: word.optional(), module: word.optional(), priority: word.optional() }),
  positional: ["text"],
  examples: ['feedback "Lead import takes 3 minutes" --type performance --module leads', "反馈 “报价单不能导出PDF” --type missing_feature --priority high"],
  permission: "member",
  async run(ctx) {
    const { text, type, module, priority } = ctx.args;
    if (!text?.trim() && ctx.conversation.kind === "group" && ctx.source === "typed" && ctx.attachments.length === 0) return undefined;
    const asker = askerOf(ctx);
    const filed = await ctx.services.feedback.filing.file(asker, { text: text ?? "", type, module, priority, attachments: ctx.attachments });
    return ctx.services.feedback.filing.answer(asker, filed);
  },
});
