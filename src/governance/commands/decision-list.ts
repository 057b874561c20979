import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "decision list",
  aliases: ["待决策", "决策 列表"],
  summary: "governance.cmd.decision_list",
  args: z.object({}),
  examples: ["decision list", "待决策"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.governance.decisionList(askerOf(ctx)),
});
