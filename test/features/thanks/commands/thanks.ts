import { z } from "zod";
import { UserError } from "../../../../src/core/command.js";
import { command } from "../../../../src/feature/command.js";
import { personNamed } from "../../../../src/people/person-arg.js";

export default command({
  name: "shoutout",
  aliases: ["致谢"],
  summary: "thanks.cmd",
  args: z.object({ who: z.string().trim().min(1), text: z.string().trim().min(1).max(200) }),
  positional: ["who", "text"],
  examples: ['shoutout @zhangmin "cleaned the lead import"'],
  permission: "thanks.give",
  async run({ args, tenant, project, actor, services, t }) {
    if (!project) return;
    const { person } = await personNamed(services, tenant, args.who);
    if (person.id === actor.personId) throw new UserError("errors.person_not_found", { who: args.who });
    await services.thanks.record({ tenantId: tenant.id, projectId: project.id, from: actor.personId, to: person.id, text: args.text });
    return t("thanks.saved", { name: person.displayName });
  },
});
