import { z } from "zod";
import { command } from "../../feature/command.js";
import { goliveAsker } from "../asker.js";

const part = z.string().trim().min(1).max(1000).optional();

export default command({
  name: "warroom update",
  aliases: ["作战室 更新"],
  summary: "golive.cmd.warroom_update",
  args: z.object({ conditions: part, actions: part, needs: part }),
  labels: { conditions: "golive.args.conditions", actions: "golive.args.actions", needs: "golive.args.needs" },
  positional: ["conditions"],
  examples: ['warroom update --conditions "orders flow, lead import slow" --actions "index rebuilt" --needs "DBA on call until 22:00"'],
  permission: "member",
  run: (ctx) => {
    const { conditions, actions, needs } = ctx.args;
    return ctx.services.golive.warroom.update(goliveAsker(ctx), { ...(conditions ? { conditions } : {}), ...(actions ? { actions } : {}), ...(needs ? { needs } : {}) });
  },
});
