import { z } from "zod";
import { command } from "../../feature/command.js";
import { text } from "../../core/message.js";
import { askerOf } from "./args.js";

export default command({
  name: "blocker list",
  aliases: ["blockers", "阻塞", "阻塞 列表"],
  summary: "blocker.cmd.list",
  args: z.object({ all: z.literal(true).optional() }),
  examples: ["blocker list", "blocker list --all", "阻塞"],
  permission: "member",
  mutates: false,
  run: async (ctx) => {
    if (!ctx.project) return undefined;
    const listed = await ctx.services.standups.blockers.list(askerOf(ctx), ctx.project.name, ctx.args.all === true);
    // Tasks marked blocked are blockers too: listed under the stand-up blockers, with their reason.
    const { project } = ctx;
    const blocked = await ctx.services.raci.blockedTasksText({ tenantId: ctx.tenant.id, projectId: project.id, projectKey: project.key, projectName: project.name, personId: ctx.actor.personId, locale: ctx.locale, roles: ctx.roles, conversation: ctx.conversation });
    return blocked === null ? listed : { ...listed, blocks: [...listed.blocks, text(blocked)] };
  },
});
