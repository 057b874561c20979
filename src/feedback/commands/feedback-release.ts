import { z } from "zod";
import { dateArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "feedback release",
  aliases: ["反馈 发布"],
  summary: "feedback.cmd.release",
  args: z.object({ name: z.string().trim().min(1).max(80), keys: z.string().trim().max(2000).optional(), all_resolved_since: dateArg().optional() }),
  positional: ["name", "keys"],
  examples: ['feedback release "December release" FB-3 FB-7 FB-12', 'feedback release "2026.12" --all-resolved-since 2026-12-01', "反馈 发布 “12月版本” FB-3 FB-7", "反馈 发布 “12月版本” --all-resolved-since 本周一"],
  permission: "feedback.triage",
  run: (ctx) => ctx.services.feedback.releases.release(askerOf(ctx), { name: ctx.args.name, keys: ctx.args.keys, since: ctx.args.all_resolved_since }),
});
