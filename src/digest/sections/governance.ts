import { text } from "../../core/message.js";
import { behind, esc, para, section } from "../html.js";
import { defineSection } from "../model.js";
import "./i18n.js";

/** Risks named in chat (highest exposure first); all open ones are in the web report. */
const RISKS_IN_CHAT = 3;

export interface GovernanceData {
  risks: { key: string; text: string; exposure: number; escalated: boolean }[];
  unreviewed: number;
  /** Change requests submitted and waiting for the PM's review (those reviewed wait for a decision, above). */
  inReview: { key: string; text: string }[];
  awaitingDecision: number;
}

/** Governance: the open risks by exposure, those not reviewed lately, change requests in the pipeline. */
export const governanceSection = defineSection<GovernanceData>({
  name: "governance",
  async compute(scope) {
    const [risks, changes] = await Promise.all([scope.sources.risks(), scope.sources.changes()]);
    if (!risks && !changes) return null;
    const data: GovernanceData = {
      risks: (risks?.open ?? []).map((r) => ({ key: r.key, text: r.text, exposure: r.exposure, escalated: r.escalated })),
      unreviewed: risks?.unreviewed ?? 0,
      inReview: (changes ?? []).filter((c) => c.status === "submitted").map((c) => ({ key: c.key, text: c.text })),
      awaitingDecision: (changes ?? []).filter((c) => c.status === "reviewed").length,
    };
    return data.risks.length === 0 && data.inReview.length === 0 && data.awaitingDecision === 0 ? null : data;
  },
  figures: (d) => ({ risks: d.risks.length, unreviewed: d.unreviewed, changesInReview: d.inReview.length, changesAwaiting: d.awaitingDecision }),
  blocks(d, { t }) {
    const lines = [`**${t("digest.governance.title")}**`];
    if (d.risks.length > 0) lines.push(t("digest.governance.risks", { count: d.risks.length }));
    for (const r of d.risks.slice(0, RISKS_IN_CHAT)) lines.push(`• ${t("digest.governance.risk", { key: r.key, text: r.text, exposure: r.exposure })}`);
    if (d.unreviewed > 0) lines.push(t("digest.governance.unreviewed", { count: d.unreviewed }));
    if (d.inReview.length > 0 || d.awaitingDecision > 0) lines.push(t("digest.governance.changes", { review: d.inReview.length, decision: d.awaitingDecision }));
    return [text(lines.join("\n"))];
  },
  html(d, { t }) {
    const risks = d.risks.map((r) => esc(t("digest.governance.risk", { key: r.key, text: r.text, exposure: r.exposure })));
    const changes = d.inReview.map((c) => `${esc(c.key)} ${esc(c.text)}`);
    return section(
      "governance",
      t("digest.governance.title"),
      behind(t("digest.governance.risks", { count: d.risks.length }), risks) +
        (d.unreviewed > 0 ? para(t("digest.governance.unreviewed", { count: d.unreviewed })) : "") +
        behind(t("digest.governance.changes", { review: d.inReview.length, decision: d.awaitingDecision }), changes),
    );
  },
});
