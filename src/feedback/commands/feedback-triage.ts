import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, person, word } from "./args.js";

export default command({
  name: "feedback triage",
  aliases: ["反馈 分诊"],
  summary: "feedback.cmd.triage",
  args: z.object({ key: keyArg, type: word.optional(), priority: word.optional(), owner: person.optional(), module: word.optional(), target: word.optional() }),
  positional: ["key"],
  examples: ["feedback triage FB-12 --type performance --priority high --owner @liuyang --module leads", "反馈 分诊 FB-12 --type training --priority normal --target 2026-12-20"],
  // Key users of the item's module triage too (src/feedback/keyusers.ts): the flow checks who may.
  permission: "member",
  run: (ctx) => ctx.services.feedback.triage.triage(askerOf(ctx), ctx.args.key, ctx.args),
});
