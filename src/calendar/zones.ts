/**
 * Wall clock ↔ instant in IANA time zones. Pure: no clock; callers pass instants in.
 *
 * Dates are local calendar dates written `YYYY-MM-DD`, times are local wall times written `HH:MM`
 * (00:00–23:59). Unknown time zones, malformed dates or times and invalid Dates throw `RangeError`.
 *
 * Wall time → instant, across DST:
 * - a wall time that does not exist (spring-forward gap) maps to the first valid instant after the gap
 *   (02:30 on the US switch day → 03:00 local);
 * - an ambiguous wall time (fall-back overlap) maps to the earlier instant.
 *
 * These run per person per tick (10,000-person stand-up fan-outs, 50,000-task nag ticks), so the common
 * case is an Intl fast path: one cached `Intl.DateTimeFormat` per zone, read with `format` (about 3× cheaper
 * than `formatToParts`), and a small memo of offsets by (zone, instant), since a tick asks the same few
 * instants for thousands of people. Temporal (temporal-polyfill) settles the days a zone switches offset:
 * it states the gap and overlap rules above directly, at several times the cost of the fast path per call.
 */
import { Temporal } from "temporal-polyfill";
import { DAY_MS, assertDate, dateMs, dateOfEpochDay, epochDayOf, weekdayOfEpochDay } from "../core/dates.js";

/** The wall-clock view of an instant in one time zone. */
export interface LocalParts {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  /** Local time, `HH:MM`. */
  time: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/** One local date whose wall time fell due, with the instant it maps to. */
export interface DueLocalTime {
  date: string;
  instant: Date;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** `MM/DD/YYYY, HH:MM:SS`, what the en-US formatter below prints for years 1000–9999. */
const FORMATTED = /^(\d\d)\/(\d\d)\/(\d{4}), (\d\d):(\d\d):(\d\d)$/;
/** Offsets remembered per zone before that zone's memo starts afresh. */
const MEMO_SIZE = 4_096;

/** Reads a wall time `HH:MM` (00:00–23:59); throws `RangeError` naming `what` otherwise. */
export function parseTime(time: string, what: string): { hour: number; minute: number } {
  const match = TIME_PATTERN.exec(time);
  if (match === null) throw new RangeError(`${what} must be a time written HH:MM (00:00–23:59), got "${time}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

interface Zone {
  formatter: Intl.DateTimeFormat;
  /** Offset in ms by epoch ms. */
  offsets: Map<number, number>;
}

const zones = new Map<string, Zone>();

function zone(timeZone: string): Zone {
  let found = zones.get(timeZone);
  if (found === undefined) {
    const formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    found = { formatter, offsets: new Map() };
    zones.set(timeZone, found);
  }
  return found;
}

/** The zone's wall clock at an instant, as epoch ms of the same fields in UTC, to the second. */
function wallMs(formatter: Intl.DateTimeFormat, ms: number): number {
  const m = FORMATTED.exec(formatter.format(ms));
  if (m !== null) {
    const day = epochDayOf(Number(m[3]), Number(m[1]), Number(m[2]));
    return day * DAY_MS + Number(m[4]) * HOUR_MS + Number(m[5]) * MINUTE_MS + Number(m[6]) * 1000;
  }
  // Years outside 1000–9999 print otherwise; read them part by part.
  const f = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter.formatToParts(ms)) if (part.type in f) f[part.type as keyof typeof f] = Number(part.value);
  return epochDayOf(f.year, f.month, f.day) * DAY_MS + f.hour * HOUR_MS + f.minute * MINUTE_MS + f.second * 1000;
}

/** The zone's offset at an instant in ms (local wall clock minus UTC), to the second. */
export function offsetAt(ms: number, timeZone: string): number {
  const z = zone(timeZone);
  let offset = z.offsets.get(ms);
  if (offset === undefined) {
    offset = wallMs(z.formatter, ms) - Math.floor(ms / 1000) * 1000;
    if (z.offsets.size >= MEMO_SIZE) z.offsets.clear();
    z.offsets.set(ms, offset);
  }
  return offset;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The local date, time and weekday of an instant in a time zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("localParts: invalid Date");
  const local = ms + offsetAt(ms, timeZone);
  const day = Math.floor(local / DAY_MS);
  const minutes = Math.floor((local - day * DAY_MS) / MINUTE_MS);
  return { date: dateOfEpochDay(day), time: `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`, weekday: weekdayOfEpochDay(day) };
}

/** The local date (days since 1970-01-01) of an instant in a time zone. */
function localEpochDay(ms: number, timeZone: string): number {
  return Math.floor((ms + offsetAt(ms, timeZone)) / DAY_MS);
}

/**
 * The instant of a wall clock reading (epoch ms of the same fields in UTC), by the DST rules above.
 * Real zones change offset at most once within a day either side of a wall time: equal offsets a day before
 * and after mean no switch is near, the fast path; otherwise Temporal resolves it.
 */
function wallToInstant(wall: number, timeZone: string): number {
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  if (before === after) return wall - before;
  const wanted = Temporal.Instant.fromEpochMilliseconds(wall).toZonedDateTimeISO("UTC").toPlainDateTime();
  const earlier = wanted.toZonedDateTime(timeZone, { disambiguation: "earlier" });
  if (earlier.toPlainDateTime().equals(wanted)) return earlier.epochMilliseconds;
  // In a gap, "earlier" lands just before it: the first valid instant after the gap is the switch itself.
  const transition = earlier.getTimeZoneTransition("next");
  if (transition === null) throw new RangeError(`no offset change found after ${earlier.toString()}`);
  return transition.epochMilliseconds;
}

/** The instant at which a zone's wall clock shows `date` `time` (gap → first instant after it; overlap → earlier). */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): Date {
  assertDate(date, "date");
  const { hour, minute } = parseTime(time, "time");
  return new Date(wallToInstant(dateMs(date) + hour * HOUR_MS + minute * MINUTE_MS, timeZone));
}

/**
 * Every local date whose wall time `localTime` (DST rules above) falls in the half-open
 * window (windowStart, windowEnd], oldest first, each date at most once.
 * A scheduler calls it with its previous tick and now.
 */
export function dueLocalTimes(windowStart: Date, windowEnd: Date, localTime: string, timeZone: string): DueLocalTime[] {
  const { hour, minute } = parseTime(localTime, "localTime");
  const startMs = windowStart.getTime();
  const endMs = windowEnd.getTime();
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) throw new RangeError("dueLocalTimes: invalid Date");
  if (endMs <= startMs) return [];
  const due: DueLocalTime[] = [];
  const timeMs = hour * HOUR_MS + minute * MINUTE_MS;
  const last = localEpochDay(endMs, timeZone) + 1;
  for (let day = localEpochDay(startMs, timeZone) - 1; day <= last; day++) {
    const ms = wallToInstant(day * DAY_MS + timeMs, timeZone);
    if (ms > startMs && ms <= endMs) due.push({ date: dateOfEpochDay(day), instant: new Date(ms) });
  }
  return due;
}

/**
 * dueLocalTimes for one window, computed once per (zone, wall time): a thousand people in one zone cost one call.
 * Schedules build one per run.
 */
export function dueMemo(window: { from: Date; to: Date }): (localTime: string, timeZone: string) => DueLocalTime[] {
  const memo = new Map<string, DueLocalTime[]>();
  return (localTime, timeZone) => {
    const key = `${timeZone}|${localTime}`;
    let due = memo.get(key);
    if (!due) memo.set(key, (due = dueLocalTimes(window.from, window.to, localTime, timeZone)));
    return due;
  };
}
