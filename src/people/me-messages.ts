import { fields, text, type OutboundMessage } from "../core/message.js";
import { translator, type Locale, type Translate } from "./i18n.js";
import type { PersonSettings, SettingSource } from "./settings.js";

/** One of the settings `me` shows and changes. */
export type Setting = "language" | "timezone" | "hours";

const LANGUAGE_NAME: Record<Locale, string> = { en: "language_names.en", "zh-CN": "language_names.zh-CN" };
const SOURCE: Record<Exclude<SettingSource, "team">, string> = { own: "people.me.from_own", tenant: "people.me.from_tenant", default: "people.me.from_default" };
const LABEL: Record<Setting, string> = { language: "people.me.language", timezone: "people.me.timezone", hours: "people.me.hours" };
const CLEARED: Record<Setting, string> = { language: "people.me.cleared_language", timezone: "people.me.cleared_timezone", hours: "people.me.cleared_hours" };
const SOURCE_OF = { language: "locale", timezone: "timeZone", hours: "hours" } as const;

/** Where a setting comes from, in words: "your own setting", "the default of team Sales Ops" … */
export function sourceText(t: Translate, source: SettingSource, settings: Pick<PersonSettings, "team">): string {
  if (source === "team") return settings.team?.name ? t("people.me.from_team", { team: settings.team.name }) : t("people.me.from_team_unnamed");
  return t(SOURCE[source]);
}

/** A setting's value as shown: the language's name, the zone, or `09:00–18:00`. */
export function settingValue(t: Translate, settings: PersonSettings, what: Setting): string {
  if (what === "language") return t(LANGUAGE_NAME[settings.locale]);
  if (what === "timezone") return settings.timeZone;
  return `${settings.workStart}–${settings.workEnd}`;
}

/** The three settings as fields, each value with where it comes from (`me`, `whoami`). */
export function settingFields(t: Translate, settings: PersonSettings): [string, string][] {
  return (["language", "timezone", "hours"] as const).map((what) => [t(LABEL[what]), `${settingValue(t, settings, what)} · ${sourceText(t, settings.from[SOURCE_OF[what]], settings)}`]);
}

/** `me`: the person's language, time zone and hours with their sources, and how to change them. */
export function settingsMessage(t: Translate, settings: PersonSettings): OutboundMessage {
  return { title: t("people.me.title"), blocks: [fields(settingFields(t, settings)), text(t("people.me.change"))] };
}

/** After clearing one: what applies now and where from. */
export function clearedMessage(t: Translate, settings: PersonSettings, what: Setting): string {
  return t(CLEARED[what], { source: sourceText(t, settings.from[SOURCE_OF[what]], settings), value: settingValue(t, settings, what) });
}

/** The reply to a change, in the language that now applies. */
export function changedMessage(settings: PersonSettings, body: (t: Translate) => string): OutboundMessage {
  return { blocks: [text(body(translator(settings.locale)))], locale: settings.locale };
}
