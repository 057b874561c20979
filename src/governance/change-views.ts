import { translator, type Locale } from "./i18n.js";
import { actions, button, fields, text, type Block, type OutboundMessage } from "../core/message.js";
import { localParts } from "../calendar/zones.js";
import type { ChangeRow } from "./change-store.js";
import { labelKey, TASK_STATUS_LABEL, CHANGE_STATUS_LABEL, RECOMMENDATION_LABEL } from "./labels.js";

const day = (at: Date | null, timeZone: string) => (at ? localParts(at, timeZone).date : "—");

export function changeLine(locale: Locale, row: ChangeRow): string {
  const t = translator(locale);
  return t("governance.change.line", { key: row.key, text: row.text, days: row.impact_days, cost: Number(row.impact_cost), status: t(labelKey(CHANGE_STATUS_LABEL, row.status)) });
}

/** Approve / Reject / Defer to the next phase: each the command a sponsor could type; the reason is asked next. */
export function decideButtons(locale: Locale, key: string, projectKey: string): Block {
  const on = ` --project ${projectKey}`;
  const t = translator(locale);
  return actions(button(t("governance.change.approve"), `change decide ${key} approve${on}`, "primary"), button(t("governance.change.reject"), `change decide ${key} reject${on}`, "danger"), button(t("governance.change.defer"), `change decide ${key} defer${on}`));
}

export function reviewButtons(locale: Locale, key: string, projectKey: string): Block {
  const on = ` --project ${projectKey}`;
  const t = translator(locale);
  return actions(button(t("governance.change.recommend"), `change review ${key} recommend${on}`, "primary"), button(t("governance.change.review_defer"), `change review ${key} defer${on}`), button(t("governance.change.review_reject"), `change review ${key} reject${on}`, "danger"));
}

export function changeCard(locale: Locale, projectKey: string, row: ChangeRow, names: Map<number, string>, timeZone: string, tasks: { key: string; status: string }[]): OutboundMessage {
  const t = translator(locale);
  const entries: [string, string][] = [
    [t("governance.change.status"), t(labelKey(CHANGE_STATUS_LABEL, row.status))],
    [t("governance.change.impact_time"), t("governance.change.days", { days: row.impact_days })],
    [t("governance.change.impact_cost"), String(Number(row.impact_cost))],
    [t("governance.change.impact_scope"), row.impact_scope],
    [t("governance.change.requested"), `${names.get(row.requested_by) ?? "—"} · ${day(row.created_at, timeZone)}`],
  ];
  if (row.reviewed_at) entries.push([t("governance.change.review"), t("governance.change.review_line", { recommendation: t(labelKey(RECOMMENDATION_LABEL, row.recommendation ?? "recommend")), who: names.get(row.reviewed_by ?? -1) ?? "—", date: day(row.reviewed_at, timeZone), note: row.review_note ?? "—" })]);
  if (row.decider_id) entries.push([t("governance.change.decider"), names.get(row.decider_id) ?? "—"]);
  if (row.decided_at) entries.push([t("governance.change.decision"), t("governance.change.decision_line", { status: t(labelKey(CHANGE_STATUS_LABEL, row.status)), who: names.get(row.decided_by ?? -1) ?? "—", date: day(row.decided_at, timeZone), reason: row.decision_reason ?? "—" })]);
  if (tasks.length > 0) entries.push([t("governance.tasks"), tasks.map((k) => `${k.key} (${t(labelKey(TASK_STATUS_LABEL, k.status))})`).join(", ")]);
  return { title: `${row.key} · ${row.text}`, blocks: [fields(entries), ...(row.status === "reviewed" ? [decideButtons(locale, row.key, projectKey)] : row.status === "submitted" ? [reviewButtons(locale, row.key, projectKey)] : [])] };
}

export function changeList(locale: Locale, projectName: string, rows: readonly ChangeRow[]): OutboundMessage {
  const t = translator(locale);
  if (rows.length === 0) return { blocks: [text(t("governance.change.none", { project: projectName }))] };
  return { title: t("governance.change.list_title", { project: projectName, count: rows.length }), blocks: [text(rows.map((r) => changeLine(locale, r)).join("\n"))] };
}
