import { z } from "zod";
import { ROLES } from "../../core/command.js";
import { text } from "../../core/message.js";
import { command } from "../../feature/command.js";

export default command({
  name: "member list",
  aliases: ["成员", "成员 列表", "members"],
  summary: "commands.member_list.summary",
  args: z.object({ role: z.enum(ROLES).optional() }),
  positional: ["role"],
  examples: ["member list", "member list sponsor", "成员"],
  permission: "member",
  mutates: false,
  async run({ args, tenant, project, services, t }) {
    if (!project) return;
    const members = await services.projects.members(tenant.id, project.id, args.role);
    if (members.length === 0) return t("commands.member_list.none");
    const order = ROLES as readonly string[];
    const sorted = [...members].sort((a, b) => order.indexOf(a.roles[0] ?? "member") - order.indexOf(b.roles[0] ?? "member") || a.displayName.localeCompare(b.displayName));
    const lines = sorted.map((m) => `• ${m.displayName} — ${m.roles.map((r) => t(`roles.${r}`)).join(", ")}`);
    return { title: t("commands.member_list.title", { project: project.name, count: members.length }), blocks: [text(lines.join("\n"))] };
  },
});
