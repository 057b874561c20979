import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom triage",
  aliases: ["作战室 定级"],
  summary: "golive.cmd.warroom_triage",
  args: z.object({ key: z.string().trim().min(1).max(20), sev: z.string().trim().min(1).max(10).optional(), owner: z.string().trim().min(1).max(200).optional() }),
  positional: ["key"],
  examples: ["warroom triage I-3 --sev 1 --owner @chenwei", "作战室 定级 I-3 --sev 2"],
  permission: "member",
  run: (ctx) => {
    const { key, sev, owner } = ctx.args;
    return ctx.services.golive.issues.triage(goliveAsker(ctx), key, { ...(sev ? { sev } : {}), ...(owner ? { owner } : {}) });
  },
});
