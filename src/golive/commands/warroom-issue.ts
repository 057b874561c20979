import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "warroom issue",
  aliases: ["作战室 问题"],
  summary: "golive.cmd.warroom_issue",
  args: z.object({ text: z.string().trim().min(1).max(1000), sev: z.string().trim().min(1).max(10).optional(), owner: z.string().trim().min(1).max(200).optional() }),
  positional: ["text"],
  examples: ['warroom issue "orders fail with error 500" --sev 1 --owner @chenwei', "作战室 问题 “线索导入很慢” --sev 3"],
  permission: "member",
  run: (ctx) => {
    const { text, sev, owner } = ctx.args;
    return ctx.services.golive.issues.raise(goliveAsker(ctx), { text, ...(sev ? { sev } : {}), ...(owner ? { owner } : {}) });
  },
});
