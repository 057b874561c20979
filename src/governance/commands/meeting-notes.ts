import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "meeting notes",
  aliases: ["例会 纪要"],
  summary: "governance.cmd.meeting_notes",
  args: z.object({}),
  examples: ["meeting notes", "例会 纪要"],
  permission: "member",
  run: (ctx) => ctx.services.governance.meetings.notes(askerOf(ctx)),
});
