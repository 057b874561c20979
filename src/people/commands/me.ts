import { z } from "zod";
import { command } from "../../feature/command.js";
import { createMeFlows } from "../me-flows.js";

export default command({
  name: "me",
  aliases: ["me show", "我的设置", "我的设置 查看"],
  summary: "people.cmd.me",
  args: z.object({}),
  examples: ["me", "我的设置"],
  permission: "anyone",
  run: (ctx) => createMeFlows(ctx.services).show(ctx),
});
