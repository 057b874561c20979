import { z } from "zod";
import { command } from "../../feature/command.js";
import { personNamed } from "../../people/person-arg.js";
import { viewerOf } from "./args.js";

export default command({
  name: "thanks",
  aliases: ["感谢", "点赞"],
  summary: "adoption.cmd.thanks",
  args: z.object({ who: z.string().trim().min(1), reason: z.string().trim().min(1).max(300) }),
  positional: ["who", "reason"],
  examples: ['thanks @zhangmin "cleaned up the lead import"', "感谢 @liuyang 帮我补全了客户资料"],
  permission: "member",
  async run(ctx) {
    const { args, tenant, actor, services, t } = ctx;
    const { person } = await personNamed(services, tenant, args.who);
    const v = await viewerOf(ctx);
    const { left } = await services.adoption.kudos.give({ tenantId: tenant.id, projectId: v.projectId, timezone: v.timezone, giverId: actor.personId, giverName: actor.displayName, receiverId: person.id, reason: args.reason });
    return t("adoption.kudos.given", { name: person.displayName, left });
  },
});
