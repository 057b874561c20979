import { z } from "zod";
import { ROLES } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { createMemberFlows } from "../member-flows.js";

export default command({
  name: "member list",
  aliases: ["成员", "成员 列表", "members"],
  summary: "commands.member_list.summary",
  args: z.object({ role: z.enum(ROLES).optional() }),
  labels: { role: { label: "args.names.role", choices: "roles" } },
  positional: ["role"],
  examples: ["member list", "member list sponsor", "成员"],
  permission: "member",
  mutates: false,
  run: (ctx) => createMemberFlows(ctx.services).list(ctx, ctx.args.role),
});
