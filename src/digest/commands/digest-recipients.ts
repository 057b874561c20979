import { z } from "zod";
import type { Role } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { digestAsker } from "../asker.js";

const ROLES: Record<string, Role> = { pm: "pm", admin: "admin", 项目经理: "pm", 管理员: "admin" };

export default command({
  name: "digest recipients",
  aliases: ["周报 收件人"],
  summary: "digest.cmd.recipients",
  args: z.object({
    roles: z
      .string()
      .trim()
      .refine((s) => s === "" || s.toLowerCase() === "none" || s === "无" || s.split(/[\s,，]+/).every((r) => r.toLowerCase() in ROLES), { message: "pm, admin or none (e.g. pm admin)" })
      .optional(),
  }),
  positional: ["roles"],
  examples: ["digest recipients", "digest recipients pm admin", "digest recipients none"],
  permission: "digest.manage",
  run(ctx) {
    const raw = ctx.args.roles?.trim() ?? "";
    const roles = raw === "" ? null : raw.toLowerCase() === "none" || raw === "无" ? [] : [...new Set(raw.split(/[\s,，]+/).map((r) => ROLES[r.toLowerCase()]!))];
    return ctx.services.digest.setRecipients(digestAsker(ctx), roles);
  },
});
