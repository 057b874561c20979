import type { OutboundMessage } from "../core/message.js";
import type { GateStatus } from "./gate-types.js";
import { t, type Locale } from "./i18n.js";

const bar = (passed: number, total: number) => {
  const filled = total === 0 ? 0 : Math.round((passed / total) * 10);
  return "▓".repeat(filled) + "░".repeat(10 - filled);
};

export const percent = (passed: number, total: number): number => (total === 0 ? 0 : Math.round((passed / total) * 100));

/** The readiness checklist card: progress per category, then what is still open with its owners. */
export function checklistMessage(locale: Locale, projectName: string, status: GateStatus): OutboundMessage {
  if (status.total === 0) return { title: t(locale, "golive.checklist.title", { project: projectName }), blocks: [{ type: "text", markdown: t(locale, "golive.checklist.empty") }], locale };
  const progress = status.byCategory.map((c) => `${t(locale, `golive.category.${c.category}`)} ${bar(c.passed, c.total)} ${c.passed}/${c.total}`);
  const open = status.open.map((i) =>
    t(locale, i.status === "done" ? "golive.checklist.item_no_evidence" : "golive.checklist.item_open", { key: i.key, title: i.title, owners: i.owners.join(", ") || "—", due: i.dueDate ?? "—" }),
  );
  return {
    title: t(locale, "golive.checklist.title", { project: projectName }),
    locale,
    blocks: [
      { type: "text", markdown: t(locale, "golive.checklist.summary", { passed: status.passed, total: status.total, percent: percent(status.passed, status.total) }) },
      { type: "text", markdown: progress.join("\n") },
      { type: "divider" },
      { type: "text", markdown: open.length > 0 ? `${t(locale, "golive.checklist.open_heading")}\n${open.join("\n")}` : t(locale, "golive.checklist.all_ticked") },
    ],
  };
}

/** Asks whoever closed a gate item for its evidence: a form where the platform has one, else the line to type. */
export function evidenceAsk(locale: Locale, key: string): OutboundMessage {
  return {
    title: t(locale, "golive.evidence.ask_title", { key }),
    locale,
    blocks: [
      { type: "text", markdown: t(locale, "golive.evidence.ask", { key }) },
      { type: "form", form: { title: t(locale, "golive.evidence.ask_title", { key }), submitLabel: t(locale, "golive.evidence.submit"), command: `golive evidence ${key}`, fields: [{ name: "note", label: t(locale, "golive.evidence.note"), kind: "textarea", required: true }] } },
    ],
  };
}
