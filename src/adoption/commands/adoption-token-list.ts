import { z } from "zod";
import { command } from "../../feature/command.js";

export default command({
  name: "adoption token list",
  aliases: ["积分 令牌 列表"],
  summary: "adoption.cmd.token_list",
  args: z.object({}),
  examples: ["adoption token list"],
  permission: "admin",
  mutates: false,
  async run({ project, services, t }) {
    if (!project) return;
    const tokens = await services.adoption.tokens.list(project.id);
    if (tokens.length === 0) return t("adoption.token.none");
    const lines = tokens.map((k) =>
      t("adoption.token.line", { number: k.number, name: k.name, created: k.createdAt.toISOString().slice(0, 10), used: k.lastUsedAt?.toISOString().slice(0, 16).replace("T", " ") ?? "—", revoked: k.revokedAt ? "yes" : "no" }),
    );
    return lines.join("\n");
  },
});
