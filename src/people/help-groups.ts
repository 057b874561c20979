import { permits, type AnyCommandSpec, type Role } from "../core/command.js";
import type { Translate } from "../core/i18n.js";
import { text, type OutboundMessage } from "../core/message.js";

/** A group of commands sharing their first word (`task …`), the words that name it, and what the bare word runs. */
export interface CommandGroup {
  name: string;
  words: readonly string[];
  specs: readonly AnyCommandSpec[];
  /** The command the group's word alone runs (`raci` → `raci matrix`), if any. */
  fallback: AnyCommandSpec | null;
}

const lower = (words: string) => words.trim().toLowerCase().replace(/\s+/g, " ");
const firstWord = (words: string) => lower(words).split(" ")[0] ?? "";

/** The visible commands grouped by the first word of their name; each group also answers to its aliases' first words (`任务`). */
export function commandGroups(specs: readonly AnyCommandSpec[]): CommandGroup[] {
  const byName = new Map<string, AnyCommandSpec[]>();
  const words = new Map<string, Set<string>>();
  for (const spec of specs) {
    if (spec.hidden) continue;
    const group = firstWord(spec.name);
    byName.set(group, [...(byName.get(group) ?? []), spec]);
    const named = words.get(group) ?? new Set([group]);
    for (const alias of spec.aliases ?? []) if (lower(alias).includes(" ")) named.add(firstWord(alias));
    words.set(group, named);
  }
  return [...byName.entries()].map(([name, members]) => {
    const groupWords = [...(words.get(name) ?? [name])];
    const fallback = specs.find((s) => !s.hidden && [s.name, ...(s.aliases ?? [])].some((w) => groupWords.includes(lower(w)))) ?? null;
    return { name, words: groupWords, specs: members, fallback };
  });
}

/** The group a `help` word names, when it names one of two or more commands (`help task`, `帮助 任务`, `help raci`). */
export function commandGroupOf(specs: readonly AnyCommandSpec[], needle: string): CommandGroup | null {
  const wanted = lower(needle);
  const groups = commandGroups(specs).filter((g) => g.specs.length > 1);
  return groups.find((g) => g.name === wanted) ?? groups.find((g) => g.words.includes(wanted)) ?? null;
}

/** `help <group>`: every command of the group, like the full `help`, the one the bare word runs marked as the default. */
export function groupHelpMessage(t: Translate, group: CommandGroup, roles: readonly Role[]): OutboundMessage {
  const lines = group.specs.map((spec) => {
    const alias = spec.aliases?.[0] ? ` (${spec.aliases[0]})` : "";
    const mark = spec.permission !== "anyone" && !permits(spec.permission, roles) ? " 🔒" : "";
    const runs = (w: string) => [spec.name, ...(spec.aliases ?? [])].some((a) => lower(a) === w);
    const isDefault = spec === group.fallback ? ` ${t("commands.help.default_mark", { word: [group.name, ...group.words].find(runs) ?? group.name })}` : "";
    return `• \`${spec.name}\`${alias} — ${t(spec.summary)}${mark}${isDefault}`;
  });
  return {
    title: t("commands.help.group_title", { group: group.name, count: group.specs.length }),
    blocks: [text(lines.join("\n")), text(t("commands.help.group_footer", { example: group.specs[0]?.name ?? group.name }))],
  };
}
