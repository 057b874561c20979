import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

const KINDS = ["outage", "degraded", "restored"] as const;

export default command({
  name: "warroom notify",
  aliases: ["作战室 通知"],
  summary: "golive.cmd.warroom_notify",
  args: z.object({ kind: z.enum(KINDS), detail: z.string().trim().min(1).max(1000).optional() }),
  positional: ["kind", "detail"],
  examples: ["warroom notify outage", 'warroom notify degraded "lead import is slow; orders work"', "warroom notify restored"],
  permission: "member",
  run: (ctx) => ctx.services.golive.life.notice(goliveAsker(ctx), ctx.args.kind, ctx.args.detail ?? null),
});
