import { z } from "zod";
import { command } from "../../feature/command.js";

export default command({
  name: "adoption optout",
  aliases: ["积分 退出榜单"],
  summary: "adoption.cmd.optout",
  args: z.object({ undo: z.literal(true).optional() }),
  labels: { undo: "adoption.args.undo" },
  examples: ["adoption optout", "adoption optout --undo"],
  permission: "member",
  async run({ args, tenant, actor, services, t }) {
    await services.adoption.scores.setOptOut(tenant.id, actor.personId, args.undo !== true);
    return t(args.undo ? "adoption.optout.undone" : "adoption.optout.done");
  },
});
