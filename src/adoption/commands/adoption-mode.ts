import { z } from "zod";
import { command } from "../../feature/command.js";

export default command({
  name: "adoption mode",
  aliases: ["积分 模式"],
  summary: "adoption.cmd.mode",
  args: z.object({ mode: z.enum(["test", "live"]) }),
  positional: ["mode"],
  examples: ["adoption mode test", "adoption mode live"],
  permission: "admin",
  async run({ args, project, services, t }) {
    if (!project) return;
    await services.adoption.settings.update(project.id, { mode: args.mode });
    return t(args.mode === "test" ? "adoption.mode.test" : "adoption.mode.live");
  },
});
