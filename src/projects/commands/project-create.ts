import { z } from "zod";
import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";

export default command({
  name: "project create",
  aliases: ["项目 创建", "项目 新建"],
  summary: "commands.project_create.summary",
  args: z.object({
    name: z.string().trim().min(2).max(80),
    key: z.string().regex(/^[a-z][a-z0-9-]{1,23}$/).optional(),
    golive: z.iso.date().optional(),
    timezone: z.string().optional(),
  }),
  positional: ["name"],
  examples: ['project create "Apollo CRM 上线" --key apollo --golive 2027-03-01', "项目 创建 华东销售CRM --key east"],
  permission: "admin",
  scope: "tenant",
  async run({ args, tenant, actor, services, t }) {
    if (args.key && (await services.projects.find(tenant.id, args.key))) throw new UserError("commands.project_create.key_taken", { key: args.key });
    const timezone = args.timezone ?? tenant.timezone;
    try {
      new Intl.DateTimeFormat("en", { timeZone: timezone });
    } catch {
      throw new UserError("errors.bad_timezone", { value: timezone });
    }
    const project = await services.projects.create(tenant.id, {
      name: args.name,
      ...(args.key ? { key: args.key } : {}),
      timezone,
      goLiveDate: args.golive ?? null,
      ownerId: actor.personId,
      ownerRoles: ["admin", "pm"],
    });
    await services.people.setCurrentProject(tenant.id, actor.personId, project.id);
    return t("commands.project_create.done", { name: project.name, key: project.key });
  },
});
