import { z } from "zod";
import { command } from "../../feature/command.js";
import { taskAsker } from "./args.js";

export default command({
  name: "raci import",
  aliases: ["RACI 导入", "责任矩阵 导入"],
  summary: "raci.cmd.import",
  args: z.object({ file: z.string().trim().min(1).max(300).optional(), dry_run: z.literal(true).optional() }),
  positional: ["file"],
  body: true,
  examples: ["raci import --dry-run", "raci import", "raci import examples/raci-apollo.csv --dry-run", "责任矩阵 导入"],
  permission: "pm",
  run: async (ctx) =>
    ctx.services.raci.importFrom(await taskAsker(ctx), {
      dryRun: ctx.args.dry_run === true,
      ...(ctx.args.file ? { file: ctx.args.file } : {}),
      ...(ctx.body !== null ? { pasted: ctx.body } : {}),
      ...(ctx.attachments.length > 0 ? { upload: { conversation: ctx.conversation, attachments: ctx.attachments } } : {}),
    }),
});
