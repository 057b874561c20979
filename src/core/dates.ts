/**
 * Plain calendar dates written `YYYY-MM-DD`, with no time zone: validation, day arithmetic, weekdays and weeks.
 * The one set of date helpers for the whole code base (commands and adapters may use it, hence src/core).
 * Time zones live in src/calendar/zones.ts.
 *
 * Arithmetic is on whole days since 1970-01-01 (proleptic Gregorian), so it allocates no Date and never meets
 * a DST switch. A day-of-month past the month's end rolls over (`2026-02-30` + 0 days = `2026-03-02`); use
 * `isRealDate` or `assertDate` first where input is untrusted. Text that is not `YYYY-MM-DD` throws `RangeError`.
 */

/** Milliseconds in a calendar day (no DST: plain dates only). */
export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` in shape only; `isRealDate` also checks the day exists. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of a year, month (1–12) and day (H. Hinnant's `days_from_civil`). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The days-since-1970-01-01 number of a `YYYY-MM-DD` date. */
export function epochDay(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (date.length !== 10 || !Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    throw new RangeError(`expected a date written YYYY-MM-DD, got "${date}"`);
  }
  return epochDayOf(year, month, day);
}

/** The `YYYY-MM-DD` date of a days-since-1970-01-01 number (H. Hinnant's `civil_from_days`). */
export function dateOfEpochDay(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/** 0 = Sunday … 6 = Saturday for a days-since-1970-01-01 number (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** True when the string is a real calendar date written `YYYY-MM-DD`. */
export function isRealDate(value: string): boolean {
  return DATE_PATTERN.test(value) && dateOfEpochDay(epochDay(value)) === value;
}

/** Throws `RangeError` naming `what` unless `date` is a real date written `YYYY-MM-DD`. */
export function assertDate(date: string, what: string): void {
  if (!isRealDate(date)) throw new RangeError(`${what} must be a real date written YYYY-MM-DD, got "${date}"`);
}

/** The instant (epoch ms) at which the date starts in UTC. */
export function dateMs(date: string): number {
  return epochDay(date) * DAY_MS;
}

/** The date `n` calendar days after (n < 0: before) `date`. */
export function addDays(date: string, n: number): string {
  return dateOfEpochDay(epochDay(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return weekdayOfEpochDay(epochDay(date));
}

/** Calendar days from `from` to `to`: 1 from a date to the next, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

/** The UTC calendar date of an instant (for UTC bookkeeping; a person's local date comes from `localParts`). */
export function utcDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("utcDate: invalid Date");
  return dateOfEpochDay(Math.floor(ms / DAY_MS));
}

/** The Monday and Sunday of the ISO week that holds `date`. */
export function weekOf(date: string): { from: string; to: string } {
  const day = epochDay(date);
  const monday = day - ((weekdayOfEpochDay(day) + 6) % 7);
  return { from: dateOfEpochDay(monday), to: dateOfEpochDay(monday + 6) };
}
