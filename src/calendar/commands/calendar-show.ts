import { z } from "zod";
import { command } from "../../feature/command.js";

export default command({
  name: "calendar show",
  aliases: ["calendar", "日历", "日历 查看"],
  summary: "calendar.cmd.show",
  args: z.object({ id: z.string().trim().min(1).optional() }),
  positional: ["id"],
  examples: ["calendar show", "calendar show de", "日历"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.calendar.show({ tenantId: ctx.tenant.id, personId: ctx.actor.personId, locale: ctx.locale, conversation: ctx.conversation }, ctx.args.id),
});
