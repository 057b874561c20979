import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "risk list",
  aliases: ["风险 列表", "风险"],
  summary: "governance.cmd.risk_list",
  args: z.object({ all: z.boolean().optional() }),
  examples: ["risk list", "risk list --all", "风险 列表"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.governance.risks.list(askerOf(ctx), ctx.args.all === true),
});
