import { z } from "zod";
import { command } from "../../feature/command.js";
import { timeZoneOrDefault } from "../me-args.js";
import { createMeFlows } from "../me-flows.js";

export default command({
  name: "me timezone",
  aliases: ["我的设置 时区"],
  summary: "people.cmd.me_timezone",
  args: z.object({ timezone: timeZoneOrDefault }),
  positional: ["timezone"],
  examples: ["me timezone Asia/Shanghai", "我的设置 时区 Europe/Berlin", "me timezone default"],
  permission: "anyone",
  run: (ctx) => createMeFlows(ctx.services).timezone(ctx, ctx.args.timezone),
});
