/**
 * Dates as people type them, in both languages: `2026-12-11`, `今天` / `today`, `明天` / `tomorrow`, `后天`,
 * `周五` / `friday` (the next Friday, today included), `本周五` / `this friday` (the Friday of this Monday–Sunday
 * week, which may have passed), `下周五` / `next friday` (the Friday of next week). Case-insensitive; `星期五`,
 * `这周五`, `下星期五`, `fri`, `next fri` read the same. One place for the whole code base: commands read date
 * arguments through `dateArg`, services that read dates themselves (task due dates) call `resolveDate`.
 *
 * A phrase means nothing without "today": the dispatcher works out the person's local date at the current clock
 * (`localDate`, `:clock` in the console moves it) and parses every command line inside `withToday`.
 */
import { z } from "zod";
import { addArgProblem } from "./arg-problems.js";
import { systemClock } from "./clock.js";
import { addDays, isRealDate, utcDate, weekdayOf } from "./dates.js";
import type { Translate } from "./i18n.js";

/** Days after today, by phrase. */
const OFFSETS: Readonly<Record<string, number>> = { today: 0, 今天: 0, 今日: 0, tomorrow: 1, 明天: 1, 明日: 1, 后天: 2, "day after tomorrow": 2 };

/** 0 = Sunday … 6 = Saturday, by the word after 周 / 星期, or the English name. */
const WEEKDAYS: Readonly<Record<string, number>> = {
  日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 0,
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6,
};

const ZH_WEEKDAY = /^(本|这|下)?(?:周|星期|礼拜)([一二三四五六日天七])$/;
const EN_WEEKDAY = /^(this|next)?\s*([a-z]+)$/;

/** Days from Monday (0) to the weekday (Sunday is the last day of the week: 6). */
const fromMonday = (weekday: number) => (weekday + 6) % 7;

function weekdayDate(today: string, weekday: number, which: "next" | "this" | "following"): string {
  if (which === "next") return addDays(today, (weekday - weekdayOf(today) + 7) % 7);
  const monday = addDays(today, -fromMonday(weekdayOf(today)));
  return addDays(monday, fromMonday(weekday) + (which === "following" ? 7 : 0));
}

/**
 * The `YYYY-MM-DD` date a phrase names, counted from `today` (a local `YYYY-MM-DD` date); null when the text is not
 * a date. `周五` / `friday` is the next Friday (today when today is one).
 */
export function resolveDate(text: string, today: string): string | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (isRealDate(value)) return value;
  const offset = OFFSETS[value];
  if (offset !== undefined) return addDays(today, offset);
  const zh = ZH_WEEKDAY.exec(value.replace(/\s/g, ""));
  if (zh) return weekdayDate(today, WEEKDAYS[zh[2] ?? ""] ?? 0, zh[1] === "下" ? "following" : zh[1] ? "this" : "next");
  const en = EN_WEEKDAY.exec(value);
  const weekday = en ? WEEKDAYS[en[2] ?? ""] : undefined;
  if (en && weekday !== undefined) return weekdayDate(today, weekday, en[1] === "next" ? "following" : en[1] === "this" ? "this" : "next");
  return null;
}

/** True when the text is a relative phrase (not a written-out date): replies then show the date it resolved to. */
export function isRelativeDate(text: string): boolean {
  return !isRealDate(text.trim()) && resolveDate(text, "2026-01-01") !== null;
}

const dateFormats = new Map<string, Intl.DateTimeFormat | null>();

/** The local calendar date of an instant in an IANA time zone (UTC when the zone is unknown). */
export function localDate(instant: Date, timeZone: string): string {
  // The dispatcher asks once per command: build each zone's formatter once (null: a zone Intl does not know).
  let format = dateFormats.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch {
      format = null;
    }
    dateFormats.set(timeZone, format);
  }
  return format ? format.format(instant) : utcDate(instant);
}

let currentToday: string | null = null;

/**
 * Runs `parse` (synchronous: a command line's schema check) with `today` as the date relative phrases count from.
 * The dispatcher wraps every parse in it; outside, "today" is the UTC date of the system clock.
 */
export function withToday<T>(today: string, parse: () => T): T {
  const before = currentToday;
  currentToday = today;
  try {
    return parse();
  } finally {
    currentToday = before;
  }
}

/** The date relative phrases count from in the parse under way. */
export function parseToday(): string {
  return currentToday ?? utcDate(systemClock.now());
}

/** What `dateArg` checks besides the date being one: `notPast` refuses a date before today (a go-live date). */
export interface DateArgOptions {
  notPast?: boolean;
}

function readDateArg(value: string, ctx: z.core.$RefinementCtx<string>, options: DateArgOptions): string | typeof z.NEVER {
  const today = parseToday();
  const date = resolveDate(value, today);
  if (date === null) {
    // Something written as a date that is not one (2026-13-45) is told so; other words hear the phrases they may use.
    addArgProblem(ctx, /^\d{2,4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(value) ? "args.problem.date" : "args.problem.date_word");
    return z.NEVER;
  }
  if (options.notPast && date < today) {
    addArgProblem(ctx, "args.problem.date_past", { date, today, example: addDays(today, 14) });
    return z.NEVER;
  }
  return date;
}

/** A date argument: `2026-12-11` or a relative phrase (both languages), read as the `YYYY-MM-DD` date it names. */
export function dateArg(options: DateArgOptions = {}) {
  return z.string().trim().transform((value, ctx) => readDateArg(value, ctx, options));
}

/** Words that clear a date instead of setting one. */
export const NO_DATE_WORDS: readonly string[] = ["none", "clear", "无", "清除", "取消"];

/** A date argument that may also be cleared (`none`, `无`): null for a clear word. */
export function dateOrNoneArg(options: DateArgOptions = {}) {
  return z
    .string()
    .trim()
    .transform((value, ctx): string | null => (NO_DATE_WORDS.includes(value.toLowerCase()) ? null : readDateArg(value, ctx, options)));
}

const WEEKDAY_KEYS = ["dates.weekdays.0", "dates.weekdays.1", "dates.weekdays.2", "dates.weekdays.3", "dates.weekdays.4", "dates.weekdays.5", "dates.weekdays.6"] as const;

/** A date as replies show it, with its weekday: `2026-12-11（周五）` / `Fri 2026-12-11`. */
export function showDate(date: string, t: Translate): string {
  return t("dates.with_weekday", { date, weekday: t(WEEKDAY_KEYS[weekdayOf(date)] ?? "dates.weekdays.0") });
}

/**
 * Text that may start with a date phrase (`明天 18:00`, `next friday`), with the phrase replaced by the date it names
 * (`2026-12-07 18:00`); other text comes back as it was, for the command's own reading (`1d`, `+3d`).
 */
export function resolveLeadingDate(text: string, today: string): string {
  const match = /^(.*?)((?:\s+\d{1,2}[:：]\d{2})?)$/.exec(text.trim());
  const head = match?.[1] ?? "";
  if (head === "" || isRealDate(head)) return text.trim();
  const date = resolveDate(head, today);
  return date === null ? text.trim() : `${date}${match?.[2] ?? ""}`;
}

/** A free-text argument that may hold a date (a due date with a time, a snooze): its date phrase read as a date. */
export function dateTextArg(max = 40) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((value) => resolveLeadingDate(value, parseToday()));
}

/**
 * Whether the word after a flag's value continues it as one date, so `--due next friday` and `--due 明天 18:00`
 * need no quotes: `this` / `next` before a weekday, a date or phrase before a time `HH:MM`.
 */
export function continuesDate(value: string, next: string): boolean {
  const word = next.trim().toLowerCase();
  if (/^(this|next)$/i.test(value.trim())) return WEEKDAYS[word] !== undefined && !/^[一二三四五六日天七]$/.test(word);
  return /^\d{1,2}[:：]\d{2}$/.test(word) && resolveDate(value, "2026-01-01") !== null;
}
