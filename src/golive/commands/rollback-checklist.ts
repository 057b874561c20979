import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "rollback checklist",
  aliases: ["回滚清单", "回滚 清单"],
  summary: "golive.cmd.rollback_checklist",
  args: z.object({}),
  examples: ["rollback checklist", "回滚清单"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.golive.rollbackSteps.checklist(goliveAsker(ctx)),
});
