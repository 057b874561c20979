import { z } from "zod";
import { command } from "../../feature/command.js";
import { personNamed } from "../../people/person-arg.js";

export default command({
  name: "adoption map",
  aliases: ["积分 映射"],
  summary: "adoption.cmd.map",
  args: z.object({ crm_user: z.string().trim().min(1).max(200), who: z.string().trim().min(1) }),
  positional: ["crm_user", "who"],
  examples: ["adoption map u-1042 @zhangmin", "adoption map zm@old-crm.example @zhangmin"],
  permission: "admin",
  async run({ args, tenant, services, t }) {
    const { person } = await personNamed(services, tenant, args.who);
    const seen = await services.adoption.mapping.map(tenant.id, args.crm_user, person.id);
    return t(seen ? "adoption.map.done" : "adoption.map.done_unseen", { user: args.crm_user, name: person.displayName });
  },
});
