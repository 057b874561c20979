import { z } from "zod";
import { command } from "../../feature/command.js";
import { hoursOrDefault } from "../me-args.js";
import { createMeFlows } from "../me-flows.js";

export default command({
  name: "me hours",
  aliases: ["我的设置 工作时间"],
  summary: "people.cmd.me_hours",
  args: z.object({ hours: hoursOrDefault }),
  positional: ["hours"],
  examples: ["me hours 09:00-18:00", "我的设置 工作时间 10:00-19:00", "me hours default"],
  permission: "anyone",
  run: (ctx) => createMeFlows(ctx.services).hours(ctx, ctx.args.hours),
});
