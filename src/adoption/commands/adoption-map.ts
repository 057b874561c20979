import { z } from "zod";
import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { personNamed } from "../../people/person-arg.js";

export default command({
  name: "adoption map",
  aliases: ["积分 映射"],
  summary: "adoption.cmd.map",
  args: z.object({ crm_user: z.string().trim().min(1).max(200).optional(), who: z.string().trim().min(1).optional() }),
  labels: { crm_user: "adoption.args.crm_user" },
  positional: ["crm_user", "who"],
  examples: ["adoption map u-1042 @zhangmin", "adoption map zm@old-crm.example @zhangmin", "adoption map (with a CSV of crm_user,person attached)"],
  permission: "admin",
  async run({ args, tenant, services, t, attachments, conversation }) {
    const upload = attachments[0];
    if (upload && !args.crm_user) {
      const read = await services.adoption.readUpload(conversation, upload, t);
      if (!read.ok) return read.message;
      const outcome = await services.adoption.importMappings(tenant.id, read.text);
      if (!outcome.ok) return t(outcome.problem === "person" ? "adoption.map.csv_person" : "adoption.map.csv_columns", { line: outcome.line, value: outcome.value });
      return t("adoption.map.csv_done", { count: outcome.mapped });
    }
    if (!args.crm_user || !args.who) throw new UserError("adoption.map.usage");
    const { person } = await personNamed(services, tenant, args.who);
    const seen = await services.adoption.mapping.map(tenant.id, args.crm_user, person.id);
    return t(seen ? "adoption.map.done" : "adoption.map.done_unseen", { user: args.crm_user, name: person.displayName });
  },
});
