import { z } from "zod";
import { command } from "../../feature/command.js";

export default command({
  name: "adoption token create",
  aliases: ["积分 令牌 创建"],
  summary: "adoption.cmd.token_create",
  args: z.object({ name: z.string().trim().min(1).max(60) }),
  positional: ["name"],
  examples: ['adoption token create "Salesforce sync"', "积分 令牌 创建 纷享销客"],
  permission: "admin",
  async run({ args, tenant, project, actor, services, t, now }) {
    if (!project) return;
    const made = await services.adoption.tokens.create({ tenantId: tenant.id, projectId: project.id, name: args.name, by: actor.personId, at: now });
    return t("adoption.token.created", { number: made.number, name: args.name, token: made.token, project: project.name });
  },
});
