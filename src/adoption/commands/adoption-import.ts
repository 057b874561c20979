import { z } from "zod";
import { UserError } from "../../core/command.js";
import { command } from "../../feature/command.js";
import { badLineKey } from "../labels.js";

export default command({
  name: "adoption import",
  aliases: ["积分 导入"],
  summary: "adoption.cmd.import",
  args: z.object({}),
  examples: ["adoption import (with a CSV of CRM events attached)"],
  permission: "admin",
  async run({ tenant, project, services, t, attachments, conversation }) {
    if (!project) return;
    const upload = attachments[0];
    if (!upload) throw new UserError("adoption.import.attach");
    const read = await services.adoption.readUpload(conversation, upload, t);
    if (!read.ok) return read.message;
    const outcome = await services.adoption.importText(tenant.id, project.id, read.text, upload.name);
    const first = outcome.bad[0];
    if (first) return t("adoption.import.bad", { line: first.line, reason: t(badLineKey(first.reason), { field: first.field ?? "" }), count: outcome.bad.length });
    return t("adoption.import.done", { added: outcome.added, duplicates: outcome.duplicates });
  },
});
