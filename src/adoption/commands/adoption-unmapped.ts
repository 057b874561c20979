import { z } from "zod";
import { command } from "../../feature/command.js";

export default command({
  name: "adoption unmapped",
  aliases: ["积分 未映射"],
  summary: "adoption.cmd.unmapped",
  args: z.object({}),
  examples: ["adoption unmapped"],
  permission: "admin",
  mutates: false,
  async run({ tenant, project, services, t }) {
    if (!project) return;
    await services.adoption.mapping.retry(tenant.id);
    const found = await services.adoption.mapping.unmapped(tenant.id, project.id);
    if (found.total === 0) return t("adoption.unmapped.none");
    const lines = found.users.map((u) => t("adoption.unmapped.line", { user: u.crmUser, events: u.events, last: u.lastSeen.toISOString().slice(0, 10) }));
    return [t("adoption.unmapped.head", { count: found.total, events: found.events }), ...lines, t("adoption.unmapped.hint")].join("\n");
  },
});
