import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "golive evidence",
  aliases: ["上线 证据"],
  summary: "golive.cmd.evidence",
  args: z.object({ key: z.string().trim().min(1).max(20), note: z.string().trim().min(1).max(1000) }),
  positional: ["key", "note"],
  examples: ['golive evidence T-12 "records before/after: 120,431 / 120,431"', "上线 证据 T-12 “抽查 20 条客户记录无误”"],
  permission: "member",
  run: (ctx) => ctx.services.golive.gates.evidence(goliveAsker(ctx), ctx.args.key, ctx.args.note),
});
