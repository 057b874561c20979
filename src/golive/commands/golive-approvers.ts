import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "golive approvers",
  aliases: ["上线 审批人"],
  summary: "golive.cmd.approvers",
  args: z.object({ people: z.string().trim().min(1).max(500).optional() }),
  positional: ["people"],
  examples: ["golive approvers @zhangmin @chenwei", "golive approvers"],
  permission: "member",
  run: (ctx) => ctx.services.golive.goNoGo.approvers(goliveAsker(ctx), ctx.args.people),
});
