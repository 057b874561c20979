import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg } from "./args.js";

export default command({
  name: "risk review",
  aliases: ["风险 复核", "风险 评审"],
  summary: "governance.cmd.risk_review",
  args: z.object({ key: keyArg, note: z.string().trim().max(500).optional() }),
  positional: ["key", "note"],
  examples: ["risk review R-2", 'risk review R-2 "Dry run passed, still watching"', "风险 复核 R-2 “第二次演练通过”"],
  permission: "member",
  run: (ctx) => ctx.services.governance.risks.review(askerOf(ctx), ctx.args.key, ctx.args.note),
});
