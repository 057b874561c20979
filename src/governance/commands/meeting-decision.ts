import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "meeting decision",
  aliases: ["例会 决定", "例会 决议"],
  summary: "governance.cmd.meeting_decision",
  args: z.object({ text: z.string().trim().min(1).max(500) }),
  positional: ["text"],
  examples: ['meeting decision "Go-live moves to 2027-01-18"', "例会 决定 “上线日期改为 2027-01-18”"],
  permission: "member",
  run: (ctx) => ctx.services.governance.meetings.decision(askerOf(ctx), ctx.args.text),
});
