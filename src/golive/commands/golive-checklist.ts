import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

export default command({
  name: "golive checklist",
  aliases: ["上线清单", "上线 清单"],
  summary: "golive.cmd.checklist",
  args: z.object({}),
  examples: ["golive checklist", "上线清单"],
  permission: "member",
  mutates: false,
  run: (ctx) => ctx.services.golive.gates.checklist(goliveAsker(ctx)),
});
