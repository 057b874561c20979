import { fields, text, type OutboundMessage } from "../core/message.js";
import type { Translate } from "./i18n.js";
import type { PersonSettings, SettingSource } from "./settings.js";

/** Where a setting comes from, in words: "your own setting", "the default of team Sales Ops" … */
export function sourceText(t: Translate, source: SettingSource, settings: Pick<PersonSettings, "team">): string {
  if (source === "team") return settings.team?.name ? t("people.me.from_team", { team: settings.team.name }) : t("people.me.from_team_unnamed");
  return t(`people.me.from_${source}`);
}

/** A setting's value as shown: the language's name, the zone, or `09:00–18:00`. */
export function settingValue(t: Translate, settings: PersonSettings, what: "language" | "timezone" | "hours"): string {
  if (what === "language") return t(`language_names.${settings.locale}`);
  if (what === "timezone") return settings.timeZone;
  return `${settings.workStart}–${settings.workEnd}`;
}

const SOURCE_OF = { language: "locale", timezone: "timeZone", hours: "hours" } as const;

/** The three settings as fields, each value with where it comes from (`me`, `whoami`). */
export function settingFields(t: Translate, settings: PersonSettings): [string, string][] {
  return (["language", "timezone", "hours"] as const).map((what) => [
    t(`people.me.${what}`),
    `${settingValue(t, settings, what)} · ${sourceText(t, settings.from[SOURCE_OF[what]], settings)}`,
  ]);
}

/** `me`: the person's language, time zone and hours with their sources, and how to change them. */
export function settingsMessage(t: Translate, settings: PersonSettings): OutboundMessage {
  return { title: t("people.me.title"), blocks: [fields(settingFields(t, settings)), text(t("people.me.change"))] };
}

/** After clearing one: what applies now and where from. */
export function clearedMessage(t: Translate, settings: PersonSettings, what: "language" | "timezone" | "hours"): string {
  return t(`people.me.cleared_${what}`, { source: sourceText(t, settings.from[SOURCE_OF[what]], settings), value: settingValue(t, settings, what) });
}
