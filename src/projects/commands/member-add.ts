import { z } from "zod";
import { ROLES } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { createMemberFlows } from "../member-flows.js";

export default command({
  name: "member add",
  aliases: ["成员 添加"],
  summary: "commands.member_add.summary",
  args: z.object({ who: z.string().trim().min(1).max(120), role: z.enum(ROLES).default("member") }),
  labels: { role: { label: "args.names.role", choices: "roles" } },
  positional: ["who"],
  examples: ["member add zhang.min@example.com --role key_user", "member add @anna --role consultant", "成员 添加 13800000000 --role member"],
  permission: "pm",
  run: (ctx) => createMemberFlows(ctx.services).add(ctx, ctx.args.who, ctx.args.role),
});
