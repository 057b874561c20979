import type { RagStatus } from "./schema.js";

/**
 * The rules behind the computed status (README "Weekly sponsor digest" lists them). Red when any red rule holds,
 * else amber when any amber rule holds, else green. Each rule that holds is a reason shown beside the status.
 */
export const RAG_RULES = {
  /** More tasks than this escalated to the sponsor: red; one or more: amber. */
  redEscalations: 3,
  /** Go-live within this many days with gate readiness under `redReadiness` %: red. */
  redGoLiveDays: 7,
  redReadiness: 80,
  /** Go-live within this many days with any gate item open: amber. */
  amberGoLiveDays: 21,
  /** Overdue tasks at or over this share of open tasks (and at least `amberOverdueMin`): amber. */
  amberOverdueShare: 0.1,
  amberOverdueMin: 3,
  /** A task blocked longer than this many days: amber. */
  amberBlockedDays: 5,
  /** Active CRM users down by this share or more week over week: amber. */
  amberAdoptionDrop: 0.1,
  /** An open risk of this exposure (impact × likelihood, 1–9) or more: amber. */
  amberExposure: 6,
  /** A team's stand-up participation under this %: red; under `amberParticipation`: amber. */
  redParticipation: 50,
  amberParticipation: 80,
} as const;

/** The facts the rules read (null: the feature that knows is not there). */
export interface RagFacts {
  openSev1: number | null;
  escalatedTasks: number;
  daysToGoLive: number | null;
  readinessPct: number | null;
  gatesOpen: number | null;
  overdue: number | null;
  open: number | null;
  oldestBlockedDays: number | null;
  activeNow: number | null;
  activeBefore: number | null;
  maxExposure: number | null;
}

/** A rule that holds: its i18n key (`digest.rag.reason.<key>`) and the numbers it speaks of. */
export interface RagReason {
  status: Exclude<RagStatus, "green">;
  key: string;
  vars: Record<string, number>;
}

/** The project's status and why. */
export function projectRag(f: RagFacts): { status: RagStatus; reasons: RagReason[] } {
  const r = RAG_RULES;
  const reasons: RagReason[] = [];
  const red = (key: string, vars: Record<string, number>) => reasons.push({ status: "red", key, vars });
  const amber = (key: string, vars: Record<string, number>) => reasons.push({ status: "amber", key, vars });
  if (f.openSev1) red("sev1", { count: f.openSev1 });
  if (f.escalatedTasks > r.redEscalations) red("escalated", { count: f.escalatedTasks });
  else if (f.escalatedTasks > 0) amber("escalated", { count: f.escalatedTasks });
  const soon = f.daysToGoLive !== null && f.daysToGoLive >= 0;
  if (soon && f.readinessPct !== null && f.gatesOpen) {
    if (f.daysToGoLive! <= r.redGoLiveDays && f.readinessPct < r.redReadiness) red("gates", { days: f.daysToGoLive!, percent: f.readinessPct });
    else if (f.daysToGoLive! <= r.amberGoLiveDays) amber("gates", { days: f.daysToGoLive!, percent: f.readinessPct });
  }
  if (f.overdue !== null && f.open && f.overdue >= r.amberOverdueMin && f.overdue / f.open >= r.amberOverdueShare) amber("overdue", { count: f.overdue, open: f.open });
  if (f.oldestBlockedDays !== null && f.oldestBlockedDays > r.amberBlockedDays) amber("blocked", { days: f.oldestBlockedDays });
  if (f.activeNow !== null && f.activeBefore && (f.activeBefore - f.activeNow) / f.activeBefore >= r.amberAdoptionDrop) amber("adoption", { now: f.activeNow, before: f.activeBefore });
  if (f.maxExposure !== null && f.maxExposure >= r.amberExposure) amber("risk", { exposure: f.maxExposure });
  const status: RagStatus = reasons.some((x) => x.status === "red") ? "red" : reasons.length > 0 ? "amber" : "green";
  return { status, reasons };
}

/** A team's status from its stand-up participation and CRM use. */
export function teamRag(participationPct: number | null, activeNow: number | null, activeBefore: number | null): RagStatus {
  const r = RAG_RULES;
  if (participationPct !== null && participationPct < r.redParticipation) return "red";
  if (participationPct !== null && participationPct < r.amberParticipation) return "amber";
  if (activeNow !== null && activeBefore && (activeBefore - activeNow) / activeBefore >= r.amberAdoptionDrop) return "amber";
  return "green";
}

export const RAG_MARK: Record<RagStatus, string> = { red: "🔴", amber: "🟠", green: "🟢" };
