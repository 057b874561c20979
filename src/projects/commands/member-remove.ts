import { z } from "zod";
import { ROLES, UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { personNamed } from "../../people/person-arg.js";

export default command({
  name: "member remove",
  aliases: ["成员 移除", "成员 删除"],
  summary: "commands.member_remove.summary",
  args: z.object({ who: z.string().trim().min(1), role: z.enum(ROLES).optional() }),
  positional: ["who"],
  examples: ["member remove @tom", "member remove @anna --role key_user"],
  permission: "pm",
  confirm: true,
  async run({ args, tenant, project, services, t }) {
    if (!project) return;
    const { person } = await personNamed(services, tenant, args.who);
    const roles = await services.projects.rolesOf(tenant.id, project.id, person.id);
    if (roles.length === 0) throw new UserError("errors.not_a_member", { name: person.displayName, project: project.name });
    const losesAdmin = roles.includes("admin") && (args.role === undefined || args.role === "admin");
    if (losesAdmin && (await services.projects.members(tenant.id, project.id, "admin")).length <= 1) {
      throw new UserError("commands.member_role.last_admin", { name: person.displayName });
    }
    const removed = await services.projects.removeMember(tenant.id, project.id, person.id, args.role);
    if (removed === 0) throw new UserError("commands.member_remove.no_such_role", { name: person.displayName, role: t(`roles.${args.role ?? "member"}`) });
    return args.role
      ? t("commands.member_remove.role_done", { name: person.displayName, role: t(`roles.${args.role}`) })
      : t("commands.member_remove.done", { name: person.displayName, project: project.name });
  },
});
