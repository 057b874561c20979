import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, level, person } from "./args.js";

export default command({
  name: "risk add",
  aliases: ["风险 添加", "风险 新建"],
  summary: "governance.cmd.risk_add",
  args: z.object({ text: z.string().trim().min(1).max(500), impact: level, likelihood: level, owner: person.optional(), plan: z.string().trim().min(1).max(1000).optional() }),
  positional: ["text"],
  examples: ['risk add "Lead data migration fails" --impact high --likelihood medium --owner @liuyang --plan "Dry run twice before cut-over"', "风险 添加 “关键用户离职” --impact high --likelihood low --owner 张敏 --plan “培训两名备份用户”"],
  permission: "member",
  run: (ctx) => ctx.services.governance.risks.add(askerOf(ctx), ctx.args),
});
