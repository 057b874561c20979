import { z } from "zod";
import { ROLES, UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { personNamed } from "../../people/person-arg.js";

export default command({
  name: "member role",
  aliases: ["成员 角色"],
  summary: "commands.member_role.summary",
  args: z.object({ who: z.string().trim().min(1), role: z.enum(ROLES) }),
  positional: ["who", "role"],
  examples: ["member role @anna key_user", 'member role "Anna Schmidt" pm'],
  permission: "pm",
  async run({ args, tenant, project, services, t }) {
    if (!project) return;
    const { person } = await personNamed(services, tenant, args.who);
    const before = await services.projects.rolesOf(tenant.id, project.id, person.id);
    if (before.length === 0) throw new UserError("errors.not_a_member", { name: person.displayName, project: project.name });
    if (before.includes("admin") && args.role !== "admin") {
      const admins = await services.projects.members(tenant.id, project.id, "admin");
      if (admins.length <= 1) throw new UserError("commands.member_role.last_admin", { name: person.displayName });
    }
    await services.projects.removeMember(tenant.id, project.id, person.id);
    await services.projects.addMember(tenant.id, project.id, person.id, args.role);
    return t("commands.member_role.done", { name: person.displayName, role: t(`roles.${args.role}`) });
  },
});
