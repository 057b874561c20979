import { z } from "zod";
import { UserError, permits } from "../../core/command.js";
import { text } from "../../core/message.js";
import { usageLines } from "../../core/usage.js";
import { command } from "../../feature/command.js";

export default command({
  name: "help",
  aliases: ["帮助", "?", "？"],
  summary: "commands.help.summary",
  args: z.object({ command: z.string().max(80).optional() }),
  positional: ["command"],
  examples: ["help", "help member add", "帮助 项目"],
  permission: "anyone",
  run({ args, specs, t, roles }) {
    if (args.command) {
      const needle = args.command.trim().toLowerCase();
      const spec =
        specs.find((s) => [s.name, ...(s.aliases ?? [])].some((w) => w.toLowerCase() === needle)) ??
        specs.find((s) => [s.name, ...(s.aliases ?? [])].some((w) => w.toLowerCase().startsWith(needle)));
      if (!spec) throw new UserError("commands.help.no_such_command", { command: args.command });
      const related = specs.filter((s) => s !== spec && !s.hidden && s.name.startsWith(`${spec.name} `));
      const lines = usageLines(spec, t);
      if (related.length) lines.push("", t("commands.help.related"), ...related.map((s) => `• \`${s.name}\` — ${t(s.summary)}`));
      return { title: t("commands.help.one_title", { command: spec.name }), blocks: [text(lines.join("\n"))] };
    }
    const groups = new Map<string, string[]>();
    for (const spec of specs) {
      if (spec.hidden) continue;
      const group = spec.name.split(" ")[0] ?? spec.name;
      const mark = spec.permission !== "anyone" && !permits(spec.permission, roles) ? " 🔒" : "";
      const alias = spec.aliases?.[0] ? ` (${spec.aliases[0]})` : "";
      groups.set(group, [...(groups.get(group) ?? []), `• \`${spec.name}\`${alias} — ${t(spec.summary)}${mark}`]);
    }
    const body = [...groups.values()].map((lines) => lines.join("\n")).join("\n\n");
    return { title: t("commands.help.title"), blocks: [text(body), text(t("commands.help.footer"))] };
  },
});
