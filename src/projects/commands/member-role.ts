import { z } from "zod";
import { ROLES } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { createMemberFlows } from "../member-flows.js";

export default command({
  name: "member role",
  aliases: ["成员 角色"],
  summary: "commands.member_role.summary",
  args: z.object({ who: z.string().trim().min(1), role: z.enum(ROLES) }),
  labels: { role: { label: "args.names.role", choices: "roles" } },
  positional: ["who", "role"],
  examples: ["member role @anna key_user", 'member role "Anna Schmidt" pm'],
  permission: "pm",
  run: (ctx) => createMemberFlows(ctx.services).setRole(ctx, ctx.args.who, ctx.args.role),
});
