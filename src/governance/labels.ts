import "./locales/index.js";

/** Text keys of the values governance shows, so that every key stays a literal the i18n checks can see. */
export const LEVEL_LABEL: Readonly<Record<string, string>> = { low: "governance.level.low", medium: "governance.level.medium", high: "governance.level.high" };
export const TASK_STATUS_LABEL: Readonly<Record<string, string>> = {
  open: "governance.task_status.open",
  in_progress: "governance.task_status.in_progress",
  blocked: "governance.task_status.blocked",
  done: "governance.task_status.done",
  cancelled: "governance.task_status.cancelled",
};
export const CHANGE_STATUS_LABEL: Readonly<Record<string, string>> = {
  submitted: "governance.change.status_submitted",
  reviewed: "governance.change.status_reviewed",
  approved: "governance.change.status_approved",
  rejected: "governance.change.status_rejected",
  deferred: "governance.change.status_deferred",
};
export const RECOMMENDATION_LABEL: Readonly<Record<string, string>> = { defer: "governance.change.rec_defer", recommend: "governance.change.rec_recommend", reject: "governance.change.rec_reject" };
export const RISK_DECISION_LABEL: Readonly<Record<string, string>> = { accept: "governance.risk.decide_accept", mitigate: "governance.risk.decide_mitigate" };
export const CHOICE_LABEL: Readonly<Record<string, string>> = {
  accept: "governance.decision.choice_accept",
  mitigate: "governance.decision.choice_mitigate",
  approve: "governance.decision.choice_approve",
  reject: "governance.decision.choice_reject",
  defer: "governance.decision.choice_defer",
};
export const RISK_EVENT_LABEL: Readonly<Record<string, string>> = {
  raised: "governance.risk.event_raised",
  updated: "governance.risk.event_updated",
  reviewed: "governance.risk.event_reviewed",
  escalated: "governance.risk.event_escalated",
  decided: "governance.risk.event_decided",
  closed: "governance.risk.event_closed",
  task: "governance.risk.event_task",
};

/** The key of a value's label; an unknown value shows as itself. */
export function labelKey(labels: Readonly<Record<string, string>>, value: string | null): string {
  return (value !== null && labels[value]) || (value ?? "—");
}
