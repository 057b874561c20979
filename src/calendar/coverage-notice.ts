import { actions, button, text, type OutboundMessage } from "../core/message.js";
import type { CoverageGap, NeedReason } from "./coverage-needs.js";
import "./i18n.js";
import type { Translate } from "./i18n.js";
import { weekdayName } from "./import-problems.js";

const REASON_KEYS = { this_year: "calendar.coverage.reason.this_year", next_year: "calendar.coverage.reason.next_year", schedule: "calendar.coverage.reason.schedule" } as const;

/** Why the year is needed, one sentence in the reader's language. */
export function needReason(t: Translate, year: string, reason: NeedReason): string {
  if (reason.kind === "go_live") return t("calendar.coverage.reason.go_live", { year, project: reason.project, date: reason.date });
  return t(REASON_KEYS[reason.kind], { year });
}

/** What happens meanwhile: the year counts as weekends only (named, e.g. "Saturday and Sunday"). */
export function fallbackSentence(t: Translate, gap: Pick<CoverageGap, "calendar" | "year">): string {
  const weekend = gap.calendar.weekend.map((d) => weekdayName(t, d)).join(t("calendar.coverage.and"));
  return t("calendar.coverage.fallback", { year: gap.year, weekend: weekend || "—" });
}

/** The admin notice: which calendar lacks which year and why it matters, what the bot does until then, and how to fix it. */
export function coverageNotice(t: Translate, gap: CoverageGap): OutboundMessage {
  const vars = { id: gap.calendar.id, name: gap.calendar.name, year: gap.year };
  return {
    title: t("calendar.coverage.title", vars),
    blocks: [
      text(t("calendar.coverage.why", { reason: needReason(t, gap.year, gap.reason), fallback: fallbackSentence(t, gap) })),
      text(t(gap.calendar.id === "cn" ? "calendar.coverage.fix_cn" : "calendar.coverage.fix", vars)),
      actions(button(t("calendar.coverage.show_button", vars), `calendar show ${gap.calendar.id}`), button(t("calendar.coverage.import_button"), "calendar import")),
    ],
  };
}
