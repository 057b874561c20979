import type { AnyCommandSpec } from "./command.js";
import type { Translate } from "./i18n.js";
import { text, type OutboundMessage } from "./message.js";

/** How to call a command: its summary, form and examples, in the reader's language. */
export function usageLines(spec: AnyCommandSpec, t: Translate): string[] {
  const positional = (spec.positional ?? []).map((p) => `<${p}>`).join(" ");
  const lines = [`**${spec.name}** — ${t(spec.summary)}`, `${t("usage.form")}: \`${[spec.name, positional].filter(Boolean).join(" ")}\``];
  if (spec.aliases?.length) lines.push(`${t("usage.aliases")}: ${spec.aliases.map((a) => `\`${a}\``).join(", ")}`);
  if (spec.examples.length) lines.push(`${t("usage.examples")}:`, ...spec.examples.map((e) => `• \`${e}\``));
  lines.push(`${t("usage.permission")}: ${t(`roles.${spec.permission}`)}`);
  return lines;
}

/** The answer to a malformed command: what was wrong, then how to call it. */
export function usageMessage(spec: AnyCommandSpec, t: Translate, problems: string[]): OutboundMessage {
  return {
    title: t("usage.bad_args_title", { command: spec.name }),
    blocks: [text(problems.map((p) => `• ${p}`).join("\n")), text(usageLines(spec, t).join("\n"))],
  };
}
