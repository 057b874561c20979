import { t as translate, type Locale } from "./i18n.js";
import { divider, text, type Block, type OutboundMessage } from "../core/message.js";
import type { StandupAnswers } from "./schema.js";
import { collapse } from "./messages.js";

/** Where each member stands on one date, and the team's open blockers: what a summary or status shows. */
export interface TeamDay {
  team: string;
  date: string;
  answered: { name: string; answers: StandupAnswers; late: boolean }[];
  skipped: string[];
  away: string[];
  missing: string[];
  /** Members whose prompt time (in their own zone) has not come yet. */
  later: string[];
  blockers: { key: string; owner: string; text: string; days: number }[];
}

/**
 * The stand-up summary for a team's home conversation: blockers first, then who answered (long answers
 * collapsed), who skipped or was away, who is missing. `status` words it as the live view instead.
 */
export function summaryMessage(locale: Locale, day: TeamDay, kind: "summary" | "status" = "summary"): OutboundMessage {
  const t = (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const blocks: Block[] = [];
  const expected = day.answered.length + day.skipped.length + day.missing.length + day.later.length;
  if (day.blockers.length > 0) {
    const lines = day.blockers.map((b) => t("standup.summary.blocker_line", { key: b.key, owner: b.owner, text: collapse(b.text, 160), days: b.days }));
    blocks.push(text(`**${t("standup.summary.blockers", { count: day.blockers.length })}**\n${lines.join("\n")}`), divider());
  }
  if (day.answered.length > 0) {
    const entries = day.answered.map(({ name, answers, late }) => {
      const parts = [
        answers.yesterday ? `${t("standup.labels.yesterday")}: ${collapse(answers.yesterday)}` : null,
        answers.today ? `${t("standup.labels.today")}: ${collapse(answers.today)}` : null,
        answers.blockers ? `${t("standup.labels.blockers")}: ${collapse(answers.blockers)}` : null,
      ].filter((p): p is string => p !== null);
      return `**${name}**${late ? ` ${t("standup.summary.late")}` : ""}\n${parts.length > 0 ? parts.join("\n") : t("standup.summary.empty_answer")}`;
    });
    blocks.push(text(`**${t("standup.summary.answered", { count: day.answered.length })}**\n${entries.join("\n\n")}`));
  }
  const lists: [string, string[]][] = [
    ["standup.summary.skipped", day.skipped],
    ["standup.summary.away", day.away],
    ["standup.summary.missing", day.missing],
    ["standup.summary.later", day.later],
  ];
  const others = lists.filter(([, names]) => names.length > 0).map(([key, names]) => `${t(key, { count: names.length })}: ${names.join(", ")}`);
  if (others.length > 0) blocks.push(text(others.join("\n")));
  blocks.push(text(t("standup.summary.footer", { answered: day.answered.length, expected })));
  return {
    title: t(kind === "summary" ? "standup.summary.title" : "standup.status.title", { team: day.team, date: day.date }),
    locale,
    blocks,
  };
}

/** Participation of one team or person over a date range. */
export interface Participation {
  name: string;
  expected: number;
  answered: number;
  skipped: number;
  away: number;
}

/** `standup stats`: answered / expected per team and per person for a week. */
export function statsMessage(locale: Locale, input: { project: string; from: string; to: string; teams: Participation[]; people: Participation[] }): OutboundMessage {
  const t = (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const pct = (p: Participation) => (p.expected === 0 ? "—" : `${Math.round((100 * p.answered) / p.expected)}%`);
  const line = (p: Participation) => t("standup.stats.line", { name: p.name, answered: p.answered, expected: p.expected, percent: pct(p), skipped: p.skipped, away: p.away });
  const blocks: Block[] = [];
  if (input.teams.length === 0) blocks.push(text(t("standup.stats.none")));
  else {
    blocks.push(text(`**${t("standup.stats.teams")}**\n${input.teams.map(line).join("\n")}`));
    blocks.push(text(`**${t("standup.stats.people")}**\n${input.people.map(line).join("\n")}`));
  }
  return { title: t("standup.stats.title", { project: input.project, from: input.from, to: input.to }), locale, blocks };
}
