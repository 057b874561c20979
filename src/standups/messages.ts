import { t as translate, type Locale, type Translate } from "./i18n.js";
import { actions, button, form, text, type OutboundMessage } from "../core/message.js";
import type { StandupQuestionsJson } from "./schema.js";
import type { Blocker } from "./blockers.js";

/** The three question slots: yesterday, today, blockers. */
export type Questions = [string, string, string];

/** The answer fields, in question order; they are also the one-line flags (`-y`, `-t`, `-b`). */
export const ANSWER_FIELDS = ["yesterday", "today", "blockers"] as const;

/** The team's wording for a locale, else the default questions in that language. */
export function questionsFor(configured: StandupQuestionsJson, locale: Locale): Questions {
  return (
    configured[locale] ?? [translate(locale, "standup.questions.yesterday"), translate(locale, "standup.questions.today"), translate(locale, "standup.questions.blockers")]
  );
}

/** Cuts a long answer for the summary; the full text stays in `standup status`. */
export function collapse(answer: string, max = 120): string {
  const oneLine = answer.replace(/\s*\n\s*/g, " / ").trim();
  const chars = [...oneLine];
  return chars.length <= max ? oneLine : `${chars.slice(0, max - 1).join("")}…`;
}

const answerButtons = (t: Translate) =>
  actions(button(t("standup.prompt.answer"), "standup", "primary"), button(t("standup.prompt.skip"), "standup skip"), button(t("standup.prompt.away"), "standup away"));

/**
 * The prompt a member gets at their local prompt time: the questions, a form (a modal where the platform has
 * forms; elsewhere the degrade step turns it into the typed command) and Answer / Skip today / Away.
 */
export function promptCard(input: { locale: Locale; team: string; date: string; closeTime: string; questions: Questions }): OutboundMessage {
  const t = (key: string, vars?: Record<string, string | number>) => translate(input.locale, key, vars);
  const [yesterday, today, blockers] = input.questions;
  return {
    title: t("standup.prompt.title", { team: input.team, date: input.date }),
    locale: input.locale,
    blocks: [
      text(`${t("standup.prompt.intro", { close: input.closeTime })}\n1. ${yesterday}\n2. ${today}\n3. ${blockers}`),
      form({
        title: t("standup.form.title"),
        submitLabel: t("standup.form.submit"),
        command: "standup",
        fields: [
          { name: "yesterday", label: yesterday, kind: "textarea", placeholder: t("standup.form.yesterday") },
          { name: "today", label: today, kind: "textarea", placeholder: t("standup.form.today") },
          { name: "blockers", label: blockers, kind: "textarea", placeholder: t("standup.form.blockers") },
        ],
      }),
      text(t("standup.prompt.how")),
      answerButtons(t),
    ],
  };
}

/** The one reminder before close, addressed to the person by name. */
export function reminderCard(input: { locale: Locale; name: string; team: string; closeTime: string }): OutboundMessage {
  const t = (key: string, vars?: Record<string, string | number>) => translate(input.locale, key, vars);
  return {
    title: t("standup.reminder.title"),
    locale: input.locale,
    blocks: [text(t("standup.reminder.text", { name: input.name, team: input.team, close: input.closeTime })), answerButtons(t)],
  };
}

/** One question of the guided DM conversation. */
export function guideQuestion(t: Translate, step: number, questions: Questions): string {
  return `${t("standup.guide.question", { n: step + 1, total: questions.length, question: questions[step] ?? "" })}\n${t("standup.guide.hint")}`;
}

/** The project PM's note that a blocker has been open for more than two working days. */
export function blockerFlagCard(input: { locale: Locale; blocker: Blocker; days: number; team: string }): OutboundMessage {
  const t = (key: string, vars?: Record<string, string | number>) => translate(input.locale, key, vars);
  const { blocker } = input;
  return {
    title: t("blocker.flag.title", { key: blocker.key }),
    locale: input.locale,
    blocks: [
      text(t("blocker.flag.text", { key: blocker.key, owner: blocker.ownerName, team: input.team, text: collapse(blocker.text, 300), days: input.days, opened: blocker.openedOn })),
      actions(button(t("blocker.resolve_button", { key: blocker.key }), `blocker resolve ${blocker.key}`), button(t("blocker.list_button"), "blocker list")),
    ],
  };
}

/** A blocker list with each one's owner and age in working days; open ones get a resolve button. */
export function blockerListMessage(t: Translate, project: string, blockers: { blocker: Blocker; age: number }[], all: boolean): OutboundMessage {
  if (blockers.length === 0) return { blocks: [text(t(all ? "blocker.none_at_all" : "blocker.none_open", { project }))] };
  const lines = blockers.map(({ blocker, age }) =>
    blocker.resolvedOn
      ? t("blocker.line_resolved", { key: blocker.key, owner: blocker.ownerName, text: collapse(blocker.text, 160), opened: blocker.openedOn, resolved: blocker.resolvedOn })
      : t("blocker.line_open", { key: blocker.key, owner: blocker.ownerName, text: collapse(blocker.text, 160), opened: blocker.openedOn, days: age }),
  );
  const open = blockers.filter((b) => !b.blocker.resolvedOn).slice(0, 5);
  return {
    title: t(all ? "blocker.title_all" : "blocker.title_open", { project, count: blockers.length }),
    blocks: [text(lines.join("\n")), ...(open.length > 0 ? [actions(...open.map((b) => button(t("blocker.resolve_button", { key: b.blocker.key }), `blocker resolve ${b.blocker.key}`)))] : [])],
  };
}
