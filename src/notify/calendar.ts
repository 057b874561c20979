/**
 * Working-time arithmetic over a calendar file, personal leave, work hours and
 * an IANA time zone. Pure: no clock, no database; callers pass everything in.
 *
 * Dates are local calendar dates written `YYYY-MM-DD`, times are local wall
 * times written `HH:MM` (00:00–23:59). Time-zone rules come from Intl only.
 *
 * Wall time → instant, across DST:
 * - a wall time that does not exist (spring-forward gap) maps to the first
 *   valid instant after the gap (02:30 on the US switch day → 03:00 local);
 * - an ambiguous wall time (fall-back overlap) maps to the earlier instant.
 *
 * Malformed dates or times, unknown time zones and searches that find no
 * working day within ten years throw `RangeError`.
 */
import type { CalendarFile } from "./calendar-data.js";
import { isRealDate } from "./calendar-data.js";

/** The wall-clock view of an instant in one time zone. */
export interface LocalParts {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  /** Local time, `HH:MM`. */
  time: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

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

/** One local date whose wall time fell due, with the instant it maps to. */
export interface DueLocalTime {
  date: string;
  instant: Date;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far the day searches look before giving up (about ten years). */
const MAX_SCAN_DAYS = 3_660;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

// ---------------------------------------------------------------- date-only helpers

function assertDate(date: string, what: string): void {
  if (!isRealDate(date)) throw new RangeError(`${what} must be a real date written YYYY-MM-DD, got "${date}"`);
}

function parseTime(time: string, what: string): { hour: number; minute: number } {
  const match = TIME_PATTERN.exec(time);
  if (match === null) throw new RangeError(`${what} must be a time written HH:MM (00:00–23:59), got "${time}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

function dateToMs(date: string): number {
  return utcMs(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

function msToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return msToDate(dateToMs(date) + days * DAY_MS);
}

function weekdayOf(date: string): number {
  return new Date(dateToMs(date)).getUTCDay();
}

// ---------------------------------------------------------------- time-zone helpers

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallFields(ms: number, timeZone: string): WallFields {
  const fields: WallFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type in fields) fields[part.type as keyof WallFields] = Number(part.value);
  }
  return fields;
}

/** Zone offset at an instant, in ms (local wall clock minus UTC), to the second. */
function offsetAt(ms: number, timeZone: string): number {
  const f = wallFields(ms, timeZone);
  return utcMs(f.year, f.month, f.day, f.hour, f.minute, f.second) - Math.floor(ms / 1000) * 1000;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** The local date, time and weekday of an instant in a time zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("localParts: invalid Date");
  const f = wallFields(ms, timeZone);
  const date = `${String(f.year).padStart(4, "0")}-${pad2(f.month)}-${pad2(f.day)}`;
  return { date, time: `${pad2(f.hour)}:${pad2(f.minute)}`, weekday: weekdayOf(date) };
}

/** The instant at which a zone's wall clock shows `date` `time` (gap → first instant after it; overlap → earlier). */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): Date {
  assertDate(date, "date");
  const { hour, minute } = parseTime(time, "time");
  const wall = dateToMs(date) + hour * 3_600_000 + minute * MINUTE_MS;
  // Real zones change offset at most once within a day either side of a wall time.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((ms) => offsetAt(ms, timeZone) === wall - ms)
    .sort((a, b) => a - b);
  const earliest = valid[0];
  if (earliest !== undefined) return new Date(earliest);
  // In a gap: binary-search the transition, the first instant whose wall clock is past `wall`.
  let lo = wall - Math.max(before, after);
  let hi = wall - Math.min(before, after);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (mid + offsetAt(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

// ---------------------------------------------------------------- working days

interface CalendarIndex {
  holidays: Set<string>;
  workdays: Set<string>;
}

const indexes = new WeakMap<CalendarFile, CalendarIndex>();

function indexFor(calendar: CalendarFile): CalendarIndex {
  let index = indexes.get(calendar);
  if (index !== undefined) return index;
  index = { holidays: new Set(), workdays: new Set() };
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

/** True unless the date is on leave, a holiday, or a weekend day that is not a make-up workday (调休). */
export function isWorkingDay(date: string, rules: DayRules): boolean {
  assertDate(date, "date");
  if (onLeave(date, rules.leave)) return false;
  const index = indexFor(rules.calendar);
  if (index.holidays.has(date)) return false;
  if (index.workdays.has(date)) return true;
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

// ---------------------------------------------------------------- instants

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

/**
 * Every local date whose wall time `localTime` (DST rules above) falls in the half-open
 * window (windowStart, windowEnd], oldest first, each date at most once.
 * A scheduler calls it with its previous tick and now.
 */
export function dueLocalTimes(windowStart: Date, windowEnd: Date, localTime: string, timeZone: string): DueLocalTime[] {
  parseTime(localTime, "localTime");
  const startMs = windowStart.getTime();
  const endMs = windowEnd.getTime();
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) throw new RangeError("dueLocalTimes: invalid Date");
  if (endMs <= startMs) return [];
  const due: DueLocalTime[] = [];
  const last = addDays(localParts(windowEnd, timeZone).date, 1);
  for (let day = addDays(localParts(windowStart, timeZone).date, -1); day <= last; day = addDays(day, 1)) {
    const instant = zonedTimeToInstant(day, localTime, timeZone);
    const ms = instant.getTime();
    if (ms > startMs && ms <= endMs) due.push({ date: day, instant });
  }
  return due;
}
