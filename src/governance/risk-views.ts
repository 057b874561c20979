import { translator, type Locale } from "./i18n.js";
import { actions, button, fields, text, type OutboundMessage } from "../core/message.js";
import { localParts } from "../calendar/zones.js";
import { exposure, levelName } from "./model.js";
import { awaitingDecision, type RiskRow } from "./risk-store.js";
import { labelKey, LEVEL_LABEL, TASK_STATUS_LABEL, RISK_DECISION_LABEL, RISK_EVENT_LABEL } from "./labels.js";

export interface RiskView {
  risk: RiskRow;
  names: Map<number, string>;
  timeZone: string;
  projectKey: string;
  tasks: { key: string; status: string }[];
  events: { kind: string; note: string | null; at: Date; by: number | null }[];
}

const day = (at: Date | null, timeZone: string) => (at ? localParts(at, timeZone).date : "—");

export function riskLine(locale: Locale, risk: RiskRow, names: Map<number, string>): string {
  const t = translator(locale);
  return t("governance.risk.line", {
    key: risk.key,
    text: risk.text,
    exposure: exposure(risk),
    impact: t(labelKey(LEVEL_LABEL, levelName(risk.impact))),
    likelihood: t(labelKey(LEVEL_LABEL, levelName(risk.likelihood))),
    owner: names.get(risk.owner_id) ?? "—",
  });
}

export function riskCard(locale: Locale, view: RiskView): OutboundMessage {
  const t = translator(locale);
  const { risk, names, timeZone } = view;
  const status = risk.status === "closed" ? t("governance.risk.status_closed") : awaitingDecision(risk) ? t("governance.risk.status_escalated") : t("governance.risk.status_open");
  const entries: [string, string][] = [
    [t("governance.risk.impact"), t(labelKey(LEVEL_LABEL, levelName(risk.impact)))],
    [t("governance.risk.likelihood"), t(labelKey(LEVEL_LABEL, levelName(risk.likelihood)))],
    [t("governance.risk.exposure"), String(exposure(risk))],
    [t("governance.risk.owner"), names.get(risk.owner_id) ?? "—"],
    [t("governance.risk.plan"), risk.plan ?? "—"],
    [t("governance.risk.status"), status],
    [t("governance.risk.reviewed"), day(risk.reviewed_at, timeZone)],
  ];
  if (risk.decided_at) entries.push([t("governance.risk.decision"), t("governance.risk.decision_line", { decision: t(labelKey(RISK_DECISION_LABEL, risk.decision ?? "accept")), who: names.get(risk.decided_by ?? -1) ?? "—", date: day(risk.decided_at, timeZone), reason: risk.decision_reason ?? "—" })]);
  if (risk.closed_at) entries.push([t("governance.risk.closed"), t("governance.risk.closed_line", { who: names.get(risk.closed_by ?? -1) ?? "—", date: day(risk.closed_at, timeZone), reason: risk.close_reason ?? "—" })]);
  if (view.tasks.length > 0) entries.push([t("governance.tasks"), view.tasks.map((k) => `${k.key} (${t(labelKey(TASK_STATUS_LABEL, k.status))})`).join(", ")]);
  const history = view.events.slice(-5).map((e) => `${day(e.at, timeZone)} · ${names.get(e.by ?? -1) ?? "—"} · ${t(labelKey(RISK_EVENT_LABEL, e.kind))}${e.note ? `: ${e.note}` : ""}`);
  const on = ` --project ${view.projectKey}`;
  const buttons = risk.status === "open" ? [button(t("governance.btn.review"), `risk review ${risk.key}${on}`), button(t("governance.btn.escalate"), `risk escalate ${risk.key}${on}`), button(t("governance.btn.task"), `risk task ${risk.key}${on}`)] : [];
  return {
    title: `${risk.key} · ${risk.text}`,
    blocks: [fields(entries), ...(history.length > 0 ? [text(`**${t("governance.history")}**\n${history.join("\n")}`)] : []), ...(buttons.length > 0 ? [actions(...buttons)] : [])],
  };
}

export function riskList(locale: Locale, projectName: string, risks: readonly RiskRow[], names: Map<number, string>, unreviewed: ReadonlySet<string>): OutboundMessage {
  const t = translator(locale);
  if (risks.length === 0) return { blocks: [text(t("governance.risk.none", { project: projectName }))] };
  const lines = risks.map((r) => `${riskLine(locale, r, names)}${awaitingDecision(r) ? ` · ${t("governance.risk.status_escalated")}` : ""}${unreviewed.has(r.key) ? ` · ${t("governance.risk.unreviewed")}` : ""}`);
  return { title: t("governance.risk.list_title", { project: projectName, count: risks.length }), blocks: [text(lines.join("\n"))] };
}
