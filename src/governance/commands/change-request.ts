import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "change request",
  aliases: ["变更 申请", "变更 提交"],
  summary: "governance.cmd.change_request",
  args: z.object({ text: z.string().trim().min(1).max(500), impact_time: z.string().trim().min(1).max(20), impact_cost: z.string().trim().min(1).max(30), impact_scope: z.string().trim().min(1).max(500) }),
  labels: { impact_time: "governance.args.impact_time", impact_cost: "governance.args.impact_cost", impact_scope: "governance.args.impact_scope" },
  positional: ["text"],
  examples: ['change request "Add a WeChat lead source" --impact-time 5 --impact-cost 20000 --impact-scope "Lead import, two reports"', "变更 申请 “增加微信线索来源” --impact-time 5 --impact-cost 20000 --impact-scope “线索导入和两张报表”"],
  permission: "member",
  run: (ctx) => ctx.services.governance.changes.request(askerOf(ctx), ctx.args),
});
