import type { OutboundMessage } from "../core/message.js";
import { percent } from "./gate-messages.js";
import type { GateStatus } from "./gate-types.js";
import { t, type Locale } from "./i18n.js";

export interface RoundView {
  key: string;
  status: "open" | "go" | "nogo";
  projectName: string;
  override: { reason: string; by: string } | null;
  votes: { name: string; vote: "go" | "nogo"; reason: string | null; at: string; newDate: string | null }[];
  waiting: string[];
  decidedAt: string | null;
  newDate: string | null;
}

const gateLines = (locale: Locale, gates: GateStatus): string => {
  const head = t(locale, "golive.decide.gates", { passed: gates.passed, total: gates.total, percent: percent(gates.passed, gates.total) });
  const open = gates.open.slice(0, 10).map((i) => `• ${i.key} ${i.title} (${t(locale, `golive.category.${i.category}`)}) — ${i.owners.join(", ") || "—"}`);
  return [head, ...open, ...(gates.open.length > 10 ? [t(locale, "golive.decide.more", { count: gates.open.length - 10 })] : [])].join("\n");
};

const voteLines = (locale: Locale, round: RoundView): string[] => [
  ...round.votes.map((v) => t(locale, v.vote === "go" ? "golive.decide.voted_go" : "golive.decide.voted_nogo", { name: v.name, at: v.at, reason: v.reason ?? "—" })),
  ...(round.waiting.length > 0 ? [t(locale, "golive.decide.waiting", { names: round.waiting.join(", ") })] : []),
];

/** The go/no-go card: gate status, the override if any, the votes so far. */
export function roundMessage(locale: Locale, round: RoundView, gates: GateStatus): OutboundMessage {
  const lines = [gateLines(locale, gates)];
  if (round.override) lines.push(t(locale, "golive.decide.override_line", { name: round.override.by, reason: round.override.reason }));
  lines.push(...voteLines(locale, round));
  return { title: t(locale, "golive.decide.title", { key: round.key, project: round.projectName }), locale, blocks: [{ type: "text", markdown: lines.join("\n") }] };
}

/** What an approver gets: the gate status and the Go / No-go buttons (each the line they could type). */
export function voteAsk(locale: Locale, round: RoundView, gates: GateStatus): OutboundMessage {
  const card = roundMessage(locale, round, gates);
  return {
    ...card,
    blocks: [
      ...card.blocks,
      { type: "text", markdown: t(locale, "golive.decide.ask") },
      { type: "actions", buttons: [{ label: t(locale, "golive.decide.go"), command: "golive vote go", style: "primary" }, { label: t(locale, "golive.decide.nogo"), command: "golive vote nogo", style: "danger" }] },
    ],
  };
}

/** The decision as posted to the project group: go at a time, or no-go with the reasons and a new date. */
export function decisionMessage(locale: Locale, round: RoundView): OutboundMessage {
  const lines = [
    round.status === "go" ? t(locale, "golive.decision.go", { at: round.decidedAt ?? "" }) : t(locale, "golive.decision.nogo", { date: round.newDate ?? "—" }),
    ...(round.override ? [t(locale, "golive.decide.override_line", { name: round.override.by, reason: round.override.reason })] : []),
    ...voteLines(locale, round),
  ];
  return { title: t(locale, "golive.decision.title", { key: round.key, project: round.projectName }), locale, blocks: [{ type: "text", markdown: lines.join("\n") }] };
}
