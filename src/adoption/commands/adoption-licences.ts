import { z } from "zod";
import { command } from "../../feature/command.js";

export default command({
  name: "adoption licences",
  aliases: ["adoption licenses", "积分 许可数"],
  summary: "adoption.cmd.licences",
  args: z.object({ count: z.coerce.number().int().min(0).max(1_000_000) }),
  positional: ["count"],
  examples: ["adoption licences 120"],
  permission: "admin",
  async run({ args, project, services, t }) {
    if (!project) return;
    await services.adoption.settings.update(project.id, { licensed: args.count });
    return t("adoption.licences.set", { count: args.count, project: project.name });
  },
});
