import { z } from "zod";
import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "golive evidence",
  aliases: ["上线 证据"],
  summary: "golive.cmd.evidence",
  args: z.object({ key: z.string().trim().min(1).max(20), note: z.string().trim().min(1).max(1000).optional() }),
  positional: ["key", "note"],
  examples: ['golive evidence T-12 "records before/after: 120,431 / 120,431"', "上线 证据 T-12 “抽查 20 条客户记录无误”", ":upload counts.xlsx golive evidence T-12"],
  permission: "member",
  run: (ctx) => {
    // A file sent with the command is evidence too: its name is kept with the note (the file stays on the platform).
    const files = ctx.attachments.map((a) => a.name || "file").map((name) => `📎 ${name}`);
    const note = [ctx.args.note, ...files].filter(Boolean).join("\n");
    if (!note) throw new UserError("golive.errors.evidence_empty", { key: ctx.args.key });
    return ctx.services.golive.gates.evidence(goliveAsker(ctx), ctx.args.key, note);
  },
});
