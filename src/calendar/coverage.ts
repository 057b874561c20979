/**
 * Which years a calendar has data for, and a way to hear when a working-day computation reaches into a year it has
 * none for. Pure apart from the listener registry: the calendar service registers each tenant's calendars, the
 * functions of working-time.ts report the years they could not look up, and the coverage schedule tells the admins.
 */
import type { CalendarFile } from "./calendar-file.js";

/** The years the calendar lists holidays and make-up workdays for, ascending. */
export function coveredYears(calendar: CalendarFile): string[] {
  return Object.keys(calendar.years).sort();
}

/** Whether the calendar has data for the year (a year not listed counts as weekends only). */
export function coversYear(calendar: CalendarFile, year: string | number): boolean {
  return Object.hasOwn(calendar.years, String(year));
}

const listeners = new WeakMap<CalendarFile, (year: string) => void>();

/** Calls `onMissing(year)` whenever a working-day computation asks this calendar about a year it has no data for. */
export function watchCoverage(calendar: CalendarFile, onMissing: (year: string) => void): void {
  listeners.set(calendar, onMissing);
}

/** Reports that a computation needed `year` of a calendar that does not list it (working-time.ts). */
export function reportUncovered(calendar: CalendarFile, year: string): void {
  listeners.get(calendar)?.(year);
}
