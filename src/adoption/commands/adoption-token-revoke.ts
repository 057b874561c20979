import { z } from "zod";
import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";

export default command({
  name: "adoption token revoke",
  aliases: ["积分 令牌 吊销"],
  summary: "adoption.cmd.token_revoke",
  args: z.object({ number: z.coerce.number().int().min(1) }),
  positional: ["number"],
  examples: ["adoption token revoke 1"],
  permission: "admin",
  confirm: true,
  async run({ args, project, services, t, now }) {
    if (!project) return;
    if (!(await services.adoption.tokens.revoke(project.id, args.number, now))) throw new UserError("adoption.token.not_found", { number: args.number });
    return t("adoption.token.revoked", { number: args.number });
  },
});
