import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg } from "./args.js";

export default command({
  name: "feedback task",
  aliases: ["反馈 任务"],
  summary: "feedback.cmd.task",
  args: z.object({ key: keyArg }),
  positional: ["key"],
  examples: ["feedback task FB-12", "反馈 任务 FB-12"],
  permission: "member",
  run: (ctx) => ctx.services.feedback.triage.task(askerOf(ctx), ctx.args.key),
});
