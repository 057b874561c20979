import { permits, type AnyCommandSpec, type Role } from "../core/command.js";
import type { Translate } from "../core/i18n.js";
import { fields, text, type OutboundMessage } from "../core/message.js";
import { usageLines } from "../core/usage.js";
import type { Identity } from "./service.js";
import { settingFields } from "./me-messages.js";
import type { PersonSettings } from "./settings.js";

/** What `whoami` shows about the asker. */
export interface WhoamiView {
  name: string;
  identities: readonly Identity[];
  settings: PersonSettings;
  teams: readonly { name: string }[];
  projects: readonly { project: { id: number; key: string; name: string }; roles: readonly string[] }[];
  currentProjectId: number | null;
}

const roleNames = (t: Translate, roles: readonly string[]) => roles.map((r) => t(`roles.${r}`)).join(", ");

/** The `whoami` card: identities, language, zone and hours (with their sources), teams, and the projects with the roles held there. */
export function whoamiMessage(t: Translate, view: WhoamiView): OutboundMessage {
  const projects = view.projects.length
    ? view.projects
        .map((m) => `• ${m.project.name} (\`${m.project.key}\`): ${roleNames(t, m.roles)}${m.project.id === view.currentProjectId ? ` ← ${t("commands.whoami.current")}` : ""}`)
        .join("\n")
    : t("commands.whoami.no_projects");
  return {
    title: t("commands.whoami.title", { name: view.name }),
    blocks: [
      fields([
        [t("labels.identities"), view.identities.map((i) => `${i.platform}:${i.userId}`).join(", ")],
        ...settingFields(t, view.settings),
        [t("labels.teams"), view.teams.map((tm) => tm.name).join(", ") || "—"],
      ]),
      text(`**${t("labels.projects")}**\n${projects}`),
    ],
  };
}

/** `help <command>`: its usage, then the commands under it. */
export function commandHelpMessage(t: Translate, spec: AnyCommandSpec, related: readonly AnyCommandSpec[]): OutboundMessage {
  const lines = usageLines(spec, t);
  if (related.length) lines.push("", t("commands.help.related"), ...related.map((s) => `• \`${s.name}\` — ${t(s.summary)}`));
  return { title: t("commands.help.one_title", { command: spec.name }), blocks: [text(lines.join("\n"))] };
}

/** `help`: every visible command grouped by its first word; a 🔒 marks those the asker's roles do not permit. */
export function helpIndexMessage(t: Translate, specs: readonly AnyCommandSpec[], roles: readonly Role[]): OutboundMessage {
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
}
