import { z } from "zod";
import { command } from "../../feature/command.js";
import { projectOption, taskAsker, taskKeyArg } from "./args.js";

const people = z.string().trim().max(500).optional();

export default command({
  name: "task assign",
  aliases: ["任务 分配"],
  summary: "raci.cmd.assign",
  args: z.object({ key: taskKeyArg, r: people, a: people, c: people, i: people, project: projectOption }),
  positional: ["key"],
  examples: ['task assign T-7 --r "@liuyang;@anna" --a @zhangmin', "task assign T-7 --c tom --i none", "任务 分配 T-7 --r 刘洋、张敏"],
  permission: "member",
  run: async (ctx) => {
    const { key, r, a, c, i } = ctx.args;
    return ctx.services.raci.assign(await taskAsker(ctx, ctx.args.project), key, {
      ...(r !== undefined ? { R: r } : {}),
      ...(a !== undefined ? { A: a } : {}),
      ...(c !== undefined ? { C: c } : {}),
      ...(i !== undefined ? { I: i } : {}),
    });
  },
});
