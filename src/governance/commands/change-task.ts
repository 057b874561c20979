import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, keyArg, person } from "./args.js";

export default command({
  name: "change task",
  aliases: ["变更 任务"],
  summary: "governance.cmd.change_task",
  args: z.object({ key: keyArg, title: z.string().trim().min(1).max(300).optional(), r: person.optional(), due: z.string().trim().min(1).max(40).optional() }),
  positional: ["key", "title"],
  examples: ['change task CR-1 "Build the WeChat lead connector" --r @liuyang --due 2026-12-24', "变更 任务 CR-1"],
  permission: "member",
  run: (ctx) => ctx.services.governance.changes.task(askerOf(ctx), ctx.args.key, ctx.args),
});
