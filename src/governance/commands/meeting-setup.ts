import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "meeting setup",
  aliases: ["例会 设置", "周例会 设置"],
  summary: "governance.cmd.meeting_setup",
  args: z.object({ weekday: z.string().trim().min(1).max(20), time: z.string().trim().min(1).max(10), group: z.string().trim().min(1).max(120) }),
  examples: ["meeting setup --weekday wed --time 10:00 --group #apollo", "meeting setup --weekday fri --time 15:30 --group here", "例会 设置 --weekday 周三 --time 10:00 --group here"],
  permission: "pm",
  run: (ctx) => ctx.services.governance.meetings.setup(askerOf(ctx), ctx.args),
});
