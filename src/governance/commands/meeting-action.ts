import { z } from "zod";
import { dateTextArg } from "../../core/relative-dates.js";
import { command } from "../../feature/command.js";
import { askerOf, person } from "./args.js";

export default command({
  name: "meeting action",
  aliases: ["例会 行动", "例会 待办"],
  summary: "governance.cmd.meeting_action",
  args: z.object({ text: z.string().trim().min(1).max(300), r: person, due: dateTextArg().optional() }),
  positional: ["text"],
  examples: ['meeting action "Confirm the cut-over weekend with IT" --r @liuyang --due 2026-12-18', "例会 行动 “与 IT 确认切换周末” --r 刘洋 --due 下周五"],
  permission: "member",
  run: (ctx) => ctx.services.governance.meetings.action(askerOf(ctx), ctx.args),
});
