import { z } from "zod";
import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";

export default command({
  name: "project use",
  aliases: ["项目 切换", "项目 使用"],
  summary: "commands.project_use.summary",
  args: z.object({ project: z.string().min(1) }),
  positional: ["project"],
  examples: ["project use apollo", "项目 切换 apollo"],
  permission: "anyone",
  mutates: true,
  async run({ args, tenant, actor, services, t }) {
    const project = await services.projects.find(tenant.id, args.project);
    if (!project) throw new UserError("commands.project.not_found", { project: args.project });
    const roles = await services.projects.rolesOf(tenant.id, project.id, actor.personId);
    if (roles.length === 0 && !(await services.projects.isTenantAdmin(tenant.id, actor.personId))) {
      throw new UserError("commands.project.not_member", { project: project.name });
    }
    await services.people.setCurrentProject(tenant.id, actor.personId, project.id);
    return t("commands.project_use.done", { name: project.name, key: project.key });
  },
});
