import { z } from "zod";
import { ROLES } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { createMemberFlows } from "../member-flows.js";

export default command({
  name: "member remove",
  aliases: ["成员 移除", "成员 删除"],
  summary: "commands.member_remove.summary",
  args: z.object({ who: z.string().trim().min(1), role: z.enum(ROLES).optional() }),
  labels: { role: { label: "args.names.role", choices: "roles" } },
  positional: ["who"],
  examples: ["member remove @tom", "member remove @anna --role key_user"],
  permission: "pm",
  confirm: true,
  check: (ctx) => createMemberFlows(ctx.services).checkRemove(ctx, ctx.args.who),
  run: (ctx) => createMemberFlows(ctx.services).remove(ctx, ctx.args.who, ctx.args.role),
});
