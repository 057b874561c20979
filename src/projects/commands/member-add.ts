import { z } from "zod";
import { ROLES } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { personNamed } from "../../people/person-arg.js";

export default command({
  name: "member add",
  aliases: ["成员 添加"],
  summary: "commands.member_add.summary",
  args: z.object({ who: z.string().trim().min(1).max(120), role: z.enum(ROLES).default("member") }),
  positional: ["who"],
  examples: ["member add zhang.min@example.com --role key_user", "member add @anna --role consultant", "成员 添加 13800000000 --role member"],
  permission: "pm",
  async run({ args, tenant, project, services, t }) {
    if (!project) return;
    const { person, created } = await personNamed(services, tenant, args.who, true);
    const added = await services.projects.addMember(tenant.id, project.id, person.id, args.role);
    const role = t(`roles.${args.role}`);
    if (!added) return t("commands.member_add.already", { name: person.displayName, role, project: project.name });
    return t(created ? "commands.member_add.invited" : "commands.member_add.done", { name: person.displayName, role, project: project.name });
  },
});
