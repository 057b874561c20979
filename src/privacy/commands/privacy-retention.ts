import { z } from "zod";
import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";

export default command({
  name: "privacy retention",
  aliases: ["隐私 保留期"],
  summary: "privacy.cmd.retention",
  args: z.object({ kind: z.string().trim().min(1).max(60).optional(), days: z.string().trim().max(10).optional() }),
  positional: ["kind", "days"],
  examples: ["privacy retention", "privacy retention standups.answers 180", "隐私 保留期 audit.log 1095"],
  permission: "admin",
  scope: "tenant",
  run: async (ctx) => {
    const { kind, days } = ctx.args;
    if (kind === undefined) return ctx.services.privacy.retention.show(ctx.tenant.id, ctx.locale);
    if (days === undefined || !/^\d+$/.test(days)) throw new UserError("privacy.errors.bad_days", { days: days ?? "", min: 1, max: 3650 });
    return ctx.services.privacy.retention.set({ tenantId: ctx.tenant.id, personId: ctx.actor.personId, locale: ctx.locale }, kind, Number(days));
  },
});
