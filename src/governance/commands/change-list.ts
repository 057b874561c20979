import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf } from "./args.js";

export default command({
  name: "change list",
  aliases: ["变更 列表", "变更"],
  summary: "governance.cmd.change_list",
  args: z.object({}),
  examples: ["change list", "变更 列表"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.governance.changes.list(askerOf(ctx)),
});
