import { UserError } from "../core/command.js";
import { translator, type Locale, type Translate } from "./i18n.js";
import { fields, text, type OutboundMessage } from "../core/message.js";
import type { StandupQuestionsJson } from "./schema.js";
import type { Asker, AnswerFlows } from "./flows.js";
import { questionsFor, type Questions } from "./messages.js";
import type { ConfigChanges, StandupConfig, StandupService, StandupTeam } from "./service.js";
import { minutesOf, parseDays } from "./timing.js";

const DAY_KEYS = ["standup.days.sun", "standup.days.mon", "standup.days.tue", "standup.days.wed", "standup.days.thu", "standup.days.fri", "standup.days.sat"];

/** "Mon–Fri", "周一、周三、周五" … for a list of weekday numbers. */
export function describeDays(t: Translate, days: readonly number[]): string {
  const sorted = [1, 2, 3, 4, 5, 6, 0].filter((d) => days.includes(d));
  if (sorted.length === 7) return t("standup.days.daily");
  if (sorted.join() === "1,2,3,4,5") return t("standup.days.weekdays");
  return sorted.map((d) => t(DAY_KEYS[d] ?? "standup.days.mon")).join(", ");
}

/** The settings card `standup setup` and friends answer with. */
export function settingsMessage(t: Translate, team: StandupTeam, config: StandupConfig, locale: Locale): OutboundMessage {
  const [q1, q2, q3] = questionsFor(config.questions, locale);
  const reminder = config.reminderMinutes ? t("standup.settings.reminder_before", { minutes: config.reminderMinutes }) : t("standup.settings.no_reminder");
  return {
    title: t("standup.settings.title", { team: team.name }),
    blocks: [
      fields([
        [t("standup.settings.days"), describeDays(t, config.days)],
        [t("standup.settings.window"), `${config.promptTime}–${config.closeTime} (${team.timezone})`],
        [t("standup.settings.reminder"), reminder],
        [t("standup.settings.home"), team.home?.conversationId ?? t("standup.settings.no_home", { team: team.name })],
        [t("standup.settings.questions", { locale }), `1. ${q1}\n2. ${q2}\n3. ${q3}`],
      ]),
      text(t(config.active ? "standup.settings.active_hint" : "standup.settings.paused")),
    ],
  };
}

/** Settings as typed: times already `HH:MM`; days and the reminder still words. */
export interface SettingsInput {
  time?: string;
  close?: string;
  /** Minutes before close ("15", "15m"), or "off". */
  reminder?: string;
  /** "mon-fri", "周一至周五" … (see `parseDays`). */
  days?: string;
}

const NO_REMINDER = new Set(["off", "none", "no", "0", "关", "关闭", "无", "不要"]);

/** Reads typed settings into changes; a word that is not days or minutes is answered with a usage hint. */
export function readSettings(input: SettingsInput): ConfigChanges {
  const changes: ConfigChanges = {};
  if (input.time) changes.promptTime = input.time;
  if (input.close) changes.closeTime = input.close;
  if (input.days !== undefined) {
    const days = parseDays(input.days);
    if (!days) throw new UserError("standup.settings.bad_days", { days: input.days });
    changes.days = days;
  }
  if (input.reminder !== undefined) {
    const word = input.reminder.trim().toLowerCase();
    const minutes = /^(\d{1,3})\s*(m|min|mins|minutes|分钟)?$/.exec(word);
    if (NO_REMINDER.has(word)) changes.reminderMinutes = null;
    else if (minutes && Number(minutes[1]) > 0 && Number(minutes[1]) <= 600) changes.reminderMinutes = Number(minutes[1]);
    else throw new UserError("standup.settings.bad_reminder", { reminder: input.reminder });
  }
  return changes;
}

export type SettingsFlows = ReturnType<typeof createSettingsFlows>;

/** `standup setup`, `time`, `days`, `window`, `questions`: a PM shapes a team's stand-up. */
export function createSettingsFlows(deps: { standups: StandupService; answers: AnswerFlows }) {
  const { standups } = deps;

  const apply = async (who: Asker, teamName: string | undefined, changes: ConfigChanges, questionsIn?: Locale): Promise<OutboundMessage> => {
    const t = translator(who.locale);
    const team = await deps.answers.pickTeam(who, teamName, false);
    const current = await standups.config(team.id);
    const prompt = changes.promptTime ?? current?.promptTime ?? "09:30";
    const close = changes.closeTime ?? current?.closeTime ?? "11:00";
    if (minutesOf(close) <= minutesOf(prompt)) throw new UserError("standup.settings.window_order", { prompt, close });
    const { config, created } = await standups.configure(team, { ...changes, ...(current ? {} : { promptTime: prompt, closeTime: close }) });
    // The questions in the team's language (an English team gets the English defaults), unless another was asked for.
    const message = settingsMessage(t, team, config, questionsIn ?? team.locale);
    return created ? { ...message, blocks: [text(t("standup.settings.created", { team: team.name })), ...message.blocks] } : message;
  };

  return {
    /** Creates (or re-activates) a team's stand-up with the given settings and defaults for the rest. */
    setup: (who: Asker, teamName: string | undefined, input: SettingsInput) => apply(who, teamName, { ...readSettings(input), active: true }),
    /** Changes some settings of a team's stand-up (creating it with defaults when it has none). */
    configure: (who: Asker, teamName: string | undefined, input: SettingsInput) => apply(who, teamName, readSettings(input)),

    /** Shows the questions, or changes their wording in one language (missing ones keep theirs; `reset` restores defaults). */
    async questions(who: Asker, teamName: string | undefined, input: { locale?: Locale; wording: Partial<Record<"yesterday" | "today" | "blockers", string>>; reset: boolean }): Promise<OutboundMessage> {
      const team = await deps.answers.pickTeam(who, teamName, false);
      // Without --locale, the team's language: an English team's questions are the English ones.
      const locale: Locale = input.locale ?? team.locale;
      const current = (await standups.config(team.id))?.questions ?? {};
      const { yesterday, today, blockers } = input.wording;
      if (!input.reset && yesterday === undefined && today === undefined && blockers === undefined) {
        const config = await standups.config(team.id);
        if (!config) throw new UserError("standup.not_configured", { team: team.name });
        return settingsMessage(translator(who.locale), team, config, locale);
      }
      const next: StandupQuestionsJson = { ...current };
      if (input.reset) delete next[locale];
      else {
        const [q1, q2, q3] = questionsFor(current, locale);
        next[locale] = [yesterday ?? q1, today ?? q2, blockers ?? q3] satisfies Questions;
      }
      return apply(who, teamName ?? team.name, { questions: next }, locale);
    },
  };
}
