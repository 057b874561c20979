import { z } from "zod";
import { command } from "../../feature/command.js";

export default command({
  name: "calendar import",
  aliases: ["日历 导入"],
  summary: "calendar.cmd.import",
  args: z.object({ source: z.string().trim().min(1).optional() }),
  positional: ["source"],
  examples: ["calendar import calendars/cn.json", "calendar import", "日历 导入"],
  permission: "pm",
  run: (ctx) =>
    ctx.services.calendar.importFrom({ tenantId: ctx.tenant.id, personId: ctx.actor.personId, locale: ctx.locale, conversation: ctx.conversation }, ctx.args.source),
});
