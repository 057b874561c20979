import { z } from "zod";
import { command } from "../../feature/command.js";
import { createProjectFlows } from "../flows.js";
import { PHASES } from "../service.js";

export default command({
  name: "project phase",
  aliases: ["项目 阶段"],
  summary: "commands.project_phase.summary",
  args: z.object({ phase: z.enum(PHASES) }),
  labels: { phase: { label: "args.names.phase", choices: "phases" } },
  positional: ["phase"],
  examples: ["project phase uat", "项目 阶段 training"],
  permission: "pm",
  run: (ctx) => createProjectFlows(ctx.services).setPhase(ctx, ctx.args.phase),
});
