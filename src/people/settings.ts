import { isLocale, type Locale } from "../core/i18n.js";

/** Where a person's setting comes from: their own (`me …`), their team's, the tenant's, or the bot's built-in default. */
export type SettingSource = "own" | "team" | "tenant" | "default";

/** Working hours when neither the person nor a team says otherwise. */
export const DEFAULT_WORK_HOURS = { start: "09:00", end: "18:00" } as const;

/** A person's own overrides as stored on `people` (null: not set). */
export interface OwnSettings {
  locale: string | null;
  timezone: string | null;
  work_start: string | null;
  work_end: string | null;
}

/** The team defaults a person falls back on. */
export interface TeamSettings {
  id: number;
  name?: string;
  locale: string;
  timezone: string;
  work_start: string;
  work_end: string;
}

/** What a person goes by, each value with where it came from. */
export interface PersonSettings {
  locale: Locale;
  timeZone: string;
  /** `HH:MM`. */
  workStart: string;
  /** `HH:MM`, after `workStart`. */
  workEnd: string;
  /** The team whose defaults apply where the person set nothing; null when in no team. */
  team: { id: number; name: string | null } | null;
  from: { locale: SettingSource; timeZone: SettingSource; hours: SettingSource };
}

/**
 * The one place a person's language, time zone and working hours are decided: their own setting, else their team's,
 * else the tenant's (hours: the bot's 09:00–18:00). Replies, notices, stand-up prompts and nags all go by it.
 * A start of their own with no end of their own keeps the team's end while that is later, else the day is nine hours.
 */
export function resolvePersonSettings(own: OwnSettings, team: TeamSettings | undefined, tenant: { locale: string; timezone: string }): PersonSettings {
  const { locale, from: localeFrom } = resolveLocale(own.locale, team?.locale, tenant.locale);
  const timeZone = resolveTimeZone(own.timezone, team?.timezone, null, tenant.timezone);
  const ownHours = own.work_start !== null || own.work_end !== null;
  const workStart = own.work_start ?? team?.work_start ?? DEFAULT_WORK_HOURS.start;
  let workEnd = own.work_end ?? team?.work_end ?? DEFAULT_WORK_HOURS.end;
  if (workEnd <= workStart) workEnd = laterBy(workStart, 9 * 60);
  return {
    locale,
    timeZone,
    workStart,
    workEnd,
    team: team ? { id: team.id, name: team.name ?? null } : null,
    from: { locale: localeFrom, timeZone: own.timezone !== null ? "own" : team ? "team" : "tenant", hours: ownHours ? "own" : team ? "team" : "default" },
  };
}

/**
 * The language part of resolvePersonSettings on its own: the person's, else the team's, else the tenant's, else
 * English. The dispatcher's reply language goes by it with the team of the asker's current project.
 */
export function resolveLocale(own: string | null | undefined, team: string | null | undefined, tenant: string | null | undefined): { locale: Locale; from: SettingSource } {
  if (isLocale(own)) return { locale: own, from: "own" };
  if (isLocale(team)) return { locale: team, from: "team" };
  if (isLocale(tenant)) return { locale: tenant, from: "tenant" };
  return { locale: "en", from: "default" };
}

/**
 * The time-zone part on its own: the person's, else the team's, else the project's (when the caller has one: a
 * command's "today" in the project it runs in), else the tenant's.
 */
export function resolveTimeZone(own: string | null | undefined, team: string | null | undefined, project: string | null | undefined, tenant: string): string {
  return own ?? team ?? project ?? tenant;
}

/** `HH:MM` plus minutes, kept within the day (23:59 at most). */
function laterBy(time: string, minutes: number): string {
  const [h = 0, m = 0] = time.split(":").map(Number);
  const total = Math.min(23 * 60 + 59, h * 60 + m + minutes);
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}
