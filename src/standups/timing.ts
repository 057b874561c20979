import { weekdayOf } from "../core/dates.js";
import { isWorkingDay, type DayRules } from "../calendar/working-time.js";
import type { CalendarFile } from "../calendar/calendar-file.js";

/** A person's stand-up wall times on their own clock (`HH:MM`). */
export interface StandupTimes {
  promptTime: string;
  closeTime: string;
  /** When the reminder goes out; null when the team has none. */
  reminderTime: string | null;
}

/** The team's stand-up times, as configured. */
export interface StandupClock {
  promptTime: string;
  closeTime: string;
  reminderMinutes: number | null;
}

const LAST_MINUTE = 23 * 60 + 59;

/** `HH:MM` → minutes after midnight. */
export function minutesOf(time: string): number {
  const [h = "0", m = "0"] = time.split(":");
  return Number(h) * 60 + Number(m);
}

/** Minutes after midnight → `HH:MM`, clamped to the day. */
export function timeOf(minutes: number): string {
  const clamped = Math.min(LAST_MINUTE, Math.max(0, Math.round(minutes)));
  return `${String(Math.floor(clamped / 60)).padStart(2, "0")}:${String(clamped % 60).padStart(2, "0")}`;
}

/**
 * A person's prompt, close and reminder times: the team's, moved by as much as the person's own work start
 * differs from the team's (team starts 09:00 and prompts 09:30; someone starting at 10:00 is asked at 10:30).
 * The reminder is `reminderMinutes` before close, never before the prompt.
 */
export function personTimes(config: StandupClock, teamWorkStart: string, personWorkStart: string): StandupTimes {
  const shift = minutesOf(personWorkStart) - minutesOf(teamWorkStart);
  const prompt = Math.min(LAST_MINUTE - 1, Math.max(0, minutesOf(config.promptTime) + shift));
  const close = Math.max(prompt + 1, Math.min(LAST_MINUTE, minutesOf(config.closeTime) + shift));
  const reminder = config.reminderMinutes && config.reminderMinutes > 0 ? close - config.reminderMinutes : null;
  return {
    promptTime: timeOf(prompt),
    closeTime: timeOf(close),
    reminderTime: reminder !== null && reminder > prompt ? timeOf(reminder) : null,
  };
}

const withoutWeekends = new WeakMap<CalendarFile, CalendarFile>();

/** The same calendar with every weekday working: only holidays (and leave) stay off. */
function holidaysOnly(calendar: CalendarFile): CalendarFile {
  let copy = withoutWeekends.get(calendar);
  if (!copy) withoutWeekends.set(calendar, (copy = { ...calendar, weekend: [] }));
  return copy;
}

/**
 * Whether a stand-up runs on a local date: one of the team's weekdays that is neither a holiday nor on
 * leave — a weekend day only when the team chose it — and every make-up workday (调休), which runs even
 * though it falls on a weekend.
 */
export function isStandupDay(date: string, days: readonly number[], rules: DayRules): boolean {
  const weekday = weekdayOf(date);
  if (isWorkingDay(date, rules)) return days.includes(weekday) || rules.calendar.weekend.includes(weekday);
  return days.includes(weekday) && rules.calendar.weekend.includes(weekday) && isWorkingDay(date, { calendar: holidaysOnly(rules.calendar), leave: rules.leave });
}

const DAY_WORDS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5, sat: 6, saturday: 6,
  周日: 0, 周天: 0, 星期日: 0, 星期天: 0, 周一: 1, 星期一: 1, 周二: 2, 星期二: 2, 周三: 3, 星期三: 3, 周四: 4, 星期四: 4, 周五: 5, 星期五: 5, 周六: 6, 星期六: 6,
};

/**
 * Reads weekdays: `mon-fri`, `mon,wed,fri`, `周一至周五`, `1-5` (1 = Monday, 7 or 0 = Sunday), `daily`/`每天`,
 * `weekdays`/`工作日`. Returns the sorted weekday numbers (0 = Sunday), or null when the text is not days.
 */
export function parseDays(text: string): number[] | null {
  const value = text.trim().toLowerCase();
  if (["daily", "every day", "all", "每天", "每日"].includes(value)) return [0, 1, 2, 3, 4, 5, 6];
  if (["weekdays", "workdays", "工作日"].includes(value)) return [1, 2, 3, 4, 5];
  const day = (word: string): number | null => {
    const w = word.trim();
    if (/^[0-7]$/.test(w)) return Number(w) % 7;
    return DAY_WORDS[w] ?? null;
  };
  const out = new Set<number>();
  for (const part of value.split(/[,，、\s]+/).filter(Boolean)) {
    const range = part.split(/-|–|~|～|至|到/);
    if (range.length === 1) {
      const d = day(part);
      if (d === null) return null;
      out.add(d);
    } else if (range.length === 2) {
      const from = day(range[0] ?? "");
      const to = day(range[1] ?? "");
      if (from === null || to === null) return null;
      for (let d = from, n = 0; n < 7; d = (d + 1) % 7, n++) {
        out.add(d);
        if (d === to) break;
      }
    } else return null;
  }
  return out.size > 0 ? [...out].sort((a, b) => a - b) : null;
}
