import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "meeting attend",
  aliases: ["例会 出席", "例会 签到"],
  summary: "governance.cmd.meeting_attend",
  args: z.object({}),
  examples: ["meeting attend", "例会 签到"],
  permission: "member",
  run: (ctx) => ctx.services.governance.meetings.attend(askerOf(ctx)),
});
