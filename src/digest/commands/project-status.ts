import { z } from "zod";
import { command } from "../../feature/command.js";
import { digestAsker } from "../asker.js";

const STATUS: Record<string, "red" | "amber" | "green" | "auto"> = { red: "red", amber: "amber", green: "green", auto: "auto", 红: "red", 黄: "amber", 绿: "green", 自动: "auto" };

export default command({
  name: "project status",
  aliases: ["项目 状态"],
  summary: "digest.cmd.status",
  args: z.object({
    status: z.string().trim().toLowerCase().refine((s) => s in STATUS, { message: "red, amber, green or auto (e.g. amber)" }),
    note: z.string().trim().min(1).max(500).optional(),
  }),
  positional: ["status", "note"],
  examples: ['project status amber "Data migration slips a week"', "project status auto", "项目 状态 黄 “数据迁移推迟一周”"],
  permission: "digest.manage",
  run: (ctx) => ctx.services.digest.setStatus(digestAsker(ctx), STATUS[ctx.args.status]!, ctx.args.note ?? null),
});
