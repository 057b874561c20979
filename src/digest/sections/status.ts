import { fields, text } from "../../core/message.js";
import { behind, esc, list, section } from "../html.js";
import { defineSection, type StatusOverride } from "../model.js";
import { projectRag, RAG_MARK, teamRag, type RagReason } from "../rag-rules.js";
import type { RagStatus } from "../schema.js";
import type { Translate } from "./i18n.js";
import "./i18n.js";

const STATUS_KEY: Record<RagStatus, string> = { red: "digest.rag.red", amber: "digest.rag.amber", green: "digest.rag.green" };
const REASON_KEY: Record<string, string> = {
  sev1: "digest.rag.reason.sev1",
  escalated: "digest.rag.reason.escalated",
  gates: "digest.rag.reason.gates",
  overdue: "digest.rag.reason.overdue",
  blocked: "digest.rag.reason.blocked",
  adoption: "digest.rag.reason.adoption",
  risk: "digest.rag.reason.risk",
};
const LEVEL: Record<RagStatus, number> = { green: 0, amber: 1, red: 2 };

export interface StatusData {
  status: RagStatus;
  reasons: RagReason[];
  teams: { name: string; status: RagStatus; participation: number | null }[];
  override: StatusOverride | null;
}

export const statusLabel = (t: Translate, status: RagStatus) => `${RAG_MARK[status]} ${t(STATUS_KEY[status])}`;
/** The status for the web page: a coloured dot drawn by CSS (a phone may lack the emoji font), then the word. */
const dot = (status: RagStatus) => `<span class="dot dot-${status}" aria-hidden="true"></span>`;
const htmlLabel = (t: Translate, status: RagStatus) => `${dot(status)}${esc(t(STATUS_KEY[status]))}`;
const reasonLine = (t: Translate, r: RagReason) => t(REASON_KEY[r.key] ?? "digest.rag.reason.other", r.vars);
const day = (at: Date) => at.toISOString().slice(0, 10);

/** RAG status: computed from the rules in rag-rules.ts, overall and per team, with the PM's word beside it. */
export const statusSection = defineSection<StatusData>({
  name: "status",
  async compute(scope) {
    const s = scope.sources;
    const [golive, delivery, decisions, adoption, risks, participation] = await Promise.all([s.golive(), s.delivery(), s.decisions(), s.adoption(), s.risks(), s.participation()]);
    const oldest = delivery?.blocked[0];
    const { status, reasons } = projectRag({
      openSev1: golive?.openSev1 ?? null,
      escalatedTasks: decisions.counts["raci:task"] ?? 0,
      daysToGoLive: golive?.daysToGoLive ?? null,
      readinessPct: golive && golive.readiness.total > 0 ? golive.readiness.percent : null,
      gatesOpen: golive ? golive.readiness.total - golive.readiness.passed : null,
      overdue: delivery?.counts.overdue ?? null,
      open: delivery?.open ?? null,
      oldestBlockedDays: oldest ? Math.floor((scope.now.getTime() - oldest.since.getTime()) / 86_400_000) : null,
      activeNow: adoption ? adoption.week.activeUsers : null,
      activeBefore: adoption ? adoption.week.previous.activeUsers : null,
      maxExposure: risks && risks.open.length > 0 ? Math.max(...risks.open.map((r) => r.exposure)) : null,
    });
    const adoptionByTeam = new Map((adoption?.teams ?? []).map((a) => [a.teamId, a]));
    const teams = (participation?.teams ?? [])
      .filter((p) => p.expected > 0 || adoptionByTeam.has(p.teamId))
      .map((p) => {
        const pct = p.expected > 0 ? Math.round((p.answered / p.expected) * 100) : null;
        const a = adoptionByTeam.get(p.teamId);
        return { name: p.name, status: teamRag(pct, a?.activeUsers ?? null, a?.previous.activeUsers ?? null), participation: pct };
      });
    return { status, reasons, teams, override: scope.override };
  },
  figures: (d) => ({ level: LEVEL[d.status] }),
  blocks(d, { t }) {
    const lines = [`**${t("digest.rag.headline", { status: statusLabel(t, d.status) })}**`];
    if (d.reasons.length > 0) lines.push(d.reasons.map((r) => `• ${reasonLine(t, r)}`).join("\n"));
    if (d.override) lines.push(t("digest.rag.override", { status: statusLabel(t, d.override.status), note: d.override.note, by: d.override.setBy ?? "—", date: day(d.override.setAt) }));
    const blocks = [text(lines.join("\n"))];
    if (d.teams.length > 0) blocks.push(fields(d.teams.map((x) => [x.name, `${RAG_MARK[x.status]} ${x.participation === null ? "" : t("digest.rag.team_participation", { percent: x.participation })}`.trim()] as [string, string])));
    return blocks;
  },
  html(d, { t }) {
    const reasons = d.reasons.map((r) => esc(reasonLine(t, r)));
    const override = d.override ? `<p>${dot(d.override.status)}${esc(t("digest.rag.override", { status: t(STATUS_KEY[d.override.status]), note: d.override.note, by: d.override.setBy ?? "—", date: day(d.override.setAt) }))}</p>` : "";
    const teams = d.teams.map((x) => `${dot(x.status)}${esc(x.name)}${x.participation === null ? "" : ` — ${esc(t("digest.rag.team_participation", { percent: x.participation }))}`}`);
    return section("status", t("digest.rag.title"), `<p class="rag rag-${d.status}">${htmlLabel(t, d.status)}</p>${list(reasons)}${override}${teams.length > 0 ? behind(t("digest.rag.teams"), teams) : ""}`);
  },
});
