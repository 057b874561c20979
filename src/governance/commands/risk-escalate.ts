import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg } from "./args.js";

export default command({
  name: "risk escalate",
  aliases: ["风险 上报"],
  summary: "governance.cmd.risk_escalate",
  args: z.object({ key: keyArg }),
  positional: ["key"],
  examples: ["risk escalate R-2", "风险 上报 R-2"],
  permission: "member",
  run: (ctx) => ctx.services.governance.risks.escalate(askerOf(ctx), ctx.args.key),
});
