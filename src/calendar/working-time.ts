/**
 * Working days and working hours over a calendar file, personal leave, work hours and an IANA time zone.
 * Pure: no clock, no database; callers pass everything in. Date and time formats and the DST rules are those
 * of zones.ts. Malformed dates or times, unknown time zones and searches that find no working day within ten
 * years throw `RangeError`.
 */
import { addDays, assertDate, weekdayOf } from "../core/dates.js";
import type { CalendarFile } from "./calendar-file.js";
import { reportUncovered } from "./coverage.js";
import { localParts, parseTime, zonedTimeToInstant } from "./zones.js";

/** A personal leave range: inclusive local dates. */
export interface LeaveRange {
  from: string;
  to: string;
}

/** What decides whether a date is a working day. */
export interface DayRules {
  calendar: CalendarFile;
  leave?: readonly LeaveRange[] | undefined;
}

/** Where and when a person's working day starts. */
export interface WorkStartRules extends DayRules {
  timeZone: string;
  /** Local wall time, `HH:MM`. */
  workStart: string;
}

/** A person's working hours: `workStart` inclusive to `workEnd` exclusive, same local day. */
export interface WorkHours extends WorkStartRules {
  /** Local wall time, `HH:MM`, after `workStart`. */
  workEnd: string;
}

/** How far the day searches look before giving up (about ten years). */
const MAX_SCAN_DAYS = 3_660;

interface CalendarIndex {
  holidays: Set<string>;
  workdays: Set<string>;
  years: Set<string>;
}

const indexes = new WeakMap<CalendarFile, CalendarIndex>();

function indexFor(calendar: CalendarFile): CalendarIndex {
  let index = indexes.get(calendar);
  if (index !== undefined) return index;
  index = { holidays: new Set(), workdays: new Set(), years: new Set(Object.keys(calendar.years)) };
  for (const year of Object.values(calendar.years)) {
    for (const entry of year.holidays) {
      if ("date" in entry) {
        index.holidays.add(entry.date);
        continue;
      }
      for (let day = entry.from, n = 0; day <= entry.to && n <= 366; day = addDays(day, 1), n++) index.holidays.add(day);
    }
    for (const entry of year.workdays) index.workdays.add(entry.date);
  }
  indexes.set(calendar, index);
  return index;
}

function onLeave(date: string, leave: readonly LeaveRange[] | undefined): boolean {
  if (leave === undefined) return false;
  return leave.some((range) => {
    assertDate(range.from, "leave.from");
    assertDate(range.to, "leave.to");
    return range.from <= date && date <= range.to;
  });
}

/**
 * True unless the date is on leave, a holiday, or a weekend day that is not a make-up workday (调休). In a year the
 * calendar has no data for, only the weekend is off; the calendar's coverage listener hears of it (coverage.ts).
 */
export function isWorkingDay(date: string, rules: DayRules): boolean {
  assertDate(date, "date");
  if (onLeave(date, rules.leave)) return false;
  const index = indexFor(rules.calendar);
  if (index.holidays.has(date)) return false;
  if (index.workdays.has(date)) return true;
  const year = date.slice(0, 4);
  if (!index.years.has(year)) reportUncovered(rules.calendar, year);
  return !rules.calendar.weekend.includes(weekdayOf(date));
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, rules: DayRules): string {
  return addWorkingDays(date, 1, rules);
}

/** The date `n` working days after (n > 0) or before (n < 0) `date`; `date` itself when n = 0. */
export function addWorkingDays(date: string, n: number, rules: DayRules): string {
  assertDate(date, "date");
  if (!Number.isInteger(n)) throw new RangeError(`n must be a whole number, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let day = date;
  let idle = 0;
  while (remaining > 0) {
    day = addDays(day, step);
    if (isWorkingDay(day, rules)) {
      remaining--;
      idle = 0;
    } else if (++idle > MAX_SCAN_DAYS) {
      throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days of ${day}`);
    }
  }
  return day;
}

/** Working days strictly after `fromDate` up to and including `toDate`; 0 when `toDate` ≤ `fromDate`. */
export function workingDaysBetween(fromDate: string, toDate: string, rules: DayRules): number {
  assertDate(fromDate, "fromDate");
  assertDate(toDate, "toDate");
  let count = 0;
  for (let day = addDays(fromDate, 1); day <= toDate; day = addDays(day, 1)) {
    if (isWorkingDay(day, rules)) count++;
  }
  return count;
}

/** `workingDaysBetween(fromDate, toDate, rules) >= atLeast`, walking only until `atLeast` working days are found. */
export function workingDaysAtLeast(fromDate: string, toDate: string, atLeast: number, rules: DayRules): boolean {
  assertDate(fromDate, "fromDate");
  assertDate(toDate, "toDate");
  if (atLeast <= 0) return true;
  let count = 0;
  for (let day = addDays(fromDate, 1); day <= toDate; day = addDays(day, 1)) {
    if (isWorkingDay(day, rules) && ++count >= atLeast) return true;
  }
  return false;
}

/** True when the instant is on a local working day, at or after `workStart` and before `workEnd`. */
export function isWithinWorkHours(instant: Date, hours: WorkHours): boolean {
  const start = parseTime(hours.workStart, "workStart");
  const end = parseTime(hours.workEnd, "workEnd");
  if (end.hour * 60 + end.minute <= start.hour * 60 + start.minute) {
    throw new RangeError(`workEnd ${hours.workEnd} must be after workStart ${hours.workStart}`);
  }
  const { date } = localParts(instant, hours.timeZone);
  if (!isWorkingDay(date, hours)) return false;
  const ms = instant.getTime();
  const startMs = zonedTimeToInstant(date, hours.workStart, hours.timeZone).getTime();
  const endMs = zonedTimeToInstant(date, hours.workEnd, hours.timeZone).getTime();
  return ms >= startMs && ms < endMs;
}

/** The first instant ≥ `instant` that is `workStart` on a working day in the zone. */
export function nextWorkStart(instant: Date, rules: WorkStartRules): Date {
  parseTime(rules.workStart, "workStart");
  const ms = instant.getTime();
  let day = localParts(instant, rules.timeZone).date;
  for (let i = 0; i <= MAX_SCAN_DAYS; i++, day = addDays(day, 1)) {
    if (!isWorkingDay(day, rules)) continue;
    const start = zonedTimeToInstant(day, rules.workStart, rules.timeZone);
    if (start.getTime() >= ms) return start;
  }
  throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days of ${instant.toISOString()}`);
}

/** The name of the holiday a date falls in on a calendar, or null (a weekend day is no holiday). */
export function holidayOn(calendar: CalendarFile, date: string): string | null {
  for (const h of calendar.years[date.slice(0, 4)]?.holidays ?? []) {
    if ("date" in h ? h.date === date : h.from <= date && date <= h.to) return h.name;
  }
  return null;
}
