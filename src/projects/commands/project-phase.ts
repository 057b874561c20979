import { z } from "zod";
import { command } from "../../feature/command.js";

const PHASES = ["planning", "design", "build", "uat", "training", "cutover", "hypercare", "closed"] as const;

export default command({
  name: "project phase",
  aliases: ["项目 阶段"],
  summary: "commands.project_phase.summary",
  args: z.object({ phase: z.enum(PHASES) }),
  positional: ["phase"],
  examples: ["project phase uat", "项目 阶段 training"],
  permission: "pm",
  async run({ args, tenant, project, services, t }) {
    if (!project) return;
    await services.projects.setPhase(tenant.id, project.id, args.phase);
    return t("commands.project_phase.done", { name: project.name, phase: t(`phases.${args.phase}`) });
  },
});
