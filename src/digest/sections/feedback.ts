import { zonedTimeToInstant } from "../../calendar/zones.js";
import { fields, text, type Block } from "../../core/message.js";
import type { FeedbackDigest, FeedbackReads } from "../../feedback/feature.js";
import { priorityLabel, typeLabel } from "../../feedback/views.js";
import type { Locale } from "../../core/i18n.js";
import { delta } from "../delta.js";
import { behind, esc, para, section } from "../html.js";
import { defineSection, type PreviousDigest } from "../model.js";
import type { Translate } from "./i18n.js";
import "./i18n.js";

/** Overdue urgent items and released items named in chat; the web report names all the read API lists. */
const IN_CHAT = 3;

export type FeedbackData = FeedbackDigest;

// Type and priority labels are feedback's own texts, drawn by feedback's own label functions.
const typeOf = (locale: Locale, type: string) => typeLabel(locale, type === "untyped" ? null : type);
const open = (d: FeedbackData) => Object.values(d.openByPriority).reduce((a, b) => a + b, 0);
const clip = (value: string, max = 60) => {
  const flat = value.replace(/\s+/g, " ").trim();
  return [...flat].length > max ? `${[...flat].slice(0, max - 1).join("")}…` : flat;
};

function summary(t: Translate, locale: Locale, d: FeedbackData, previous: PreviousDigest | null): [string, string][] {
  const priorities = (["urgent", "high", "normal", "low"] as const).filter((p) => d.openByPriority[p] > 0).map((p) => `${priorityLabel(locale, p)} ${d.openByPriority[p]}`);
  const rows: [string, string][] = [
    [t("digest.feedback.week"), t("digest.feedback.week_value", { filed: d.week.filed, resolved: d.week.resolved })],
    [t("digest.feedback.open"), `${open(d)}${delta(previous, "feedback.open", open(d))}${priorities.length > 0 ? ` — ${priorities.join(" · ")}` : ""}`],
  ];
  if (d.openByType.length > 0) rows.push([t("digest.feedback.by_type"), d.openByType.map((r) => `${typeOf(locale, r.type)} ${r.count}`).join(" · ")]);
  return rows;
}

const overdueLine = (t: Translate, i: FeedbackData["overdueUrgent"][number]) => t("digest.feedback.overdue_item", { key: i.key, text: clip(i.text), hours: i.ageHours });
const releaseLine = (t: Translate, r: FeedbackData["released"][number]) => t("digest.feedback.release", { name: r.name, count: r.count, keys: r.items.map((i) => i.key).join(", ") });

/**
 * Feedback: filed against resolved this week, what is open by priority and type, urgent items still untriaged past
 * their response target (oldest first), and what changed because of feedback (releases this week).
 */
export const feedbackSection = defineSection<FeedbackData>({
  name: "feedback",
  async compute(scope) {
    const reads = scope.sources.read<FeedbackReads>("feedback");
    if (!reads) return null;
    const since = zonedTimeToInstant(scope.week.from, "00:00", scope.project.timezone);
    const d = await scope.sources.once("feedback", () => reads.digest(scope.tenantId, scope.project.id, since));
    const everything = Object.values(d.byStatus).reduce((a, b) => a + b, 0);
    return everything === 0 && d.released.length === 0 ? null : d;
  },
  figures: (d) => ({ filed: d.week.filed, resolved: d.week.resolved, open: open(d), openUrgent: d.openUrgent, overdueUrgent: d.overdueUrgentCount, released: d.released.length }),
  blocks(d, { t, locale, previous }) {
    const blocks: Block[] = [text(`**${t("digest.feedback.title")}**`), fields(summary(t, locale, d, previous))];
    if (d.overdueUrgentCount > 0) {
      const lines = [t("digest.feedback.overdue", { count: d.overdueUrgentCount, hours: d.urgentTargetHours }), ...d.overdueUrgent.slice(0, IN_CHAT).map((i) => `• ${overdueLine(t, i)}`)];
      blocks.push(text(lines.join("\n")));
    }
    if (d.released.length > 0) blocks.push(text([t("digest.feedback.released", { count: d.released.reduce((a, r) => a + r.count, 0) }), ...d.released.slice(0, IN_CHAT).map((r) => `• ${releaseLine(t, r)}`)].join("\n")));
    return blocks;
  },
  html(d, { t, locale, previous }) {
    const rows = summary(t, locale, d, previous).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("");
    const released = d.released.flatMap((r) => [`<strong>${esc(releaseLine(t, r))}</strong>`, ...r.items.map((i) => `${esc(i.key)} ${esc(clip(i.text, 120))} <small>${esc(typeOf(locale, i.type ?? "untyped"))}</small>`)]);
    return section(
      "feedback",
      t("digest.feedback.title"),
      `<table>${rows}</table>` +
        (d.overdueUrgentCount > 0 ? behind(t("digest.feedback.overdue", { count: d.overdueUrgentCount, hours: d.urgentTargetHours }), d.overdueUrgent.map((i) => esc(overdueLine(t, i)))) : "") +
        (d.released.length > 0 ? behind(t("digest.feedback.released", { count: d.released.reduce((a, r) => a + r.count, 0) }), released) : para(t("digest.feedback.none_released"))),
    );
  },
});
