import { addDays, weekOf } from "../core/dates.js";
import { localParts } from "../calendar/zones.js";

/** The project-local date of an instant: days (caps, boards, weeks) are the project's. */
export function localDay(at: Date, timeZone: string): string {
  return localParts(at, timeZone).date;
}

export type Period = "week" | "month";

/** The ISO week or calendar month holding `day`, as inclusive dates. */
export function periodOf(day: string, period: Period): { from: string; to: string } {
  if (period === "week") return weekOf(day);
  const from = `${day.slice(0, 7)}-01`;
  const next = addDays(from, 32);
  return { from, to: addDays(`${next.slice(0, 7)}-01`, -1) };
}

/** The period before. */
export function previousPeriod(range: { from: string }, period: Period): { from: string; to: string } {
  return periodOf(addDays(range.from, -1), period);
}

/** ISO week label `2026-W49` of a Monday. */
export function isoWeekLabel(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = thursday.slice(0, 4);
  const jan4 = weekOf(`${year}-01-04`).from;
  const week = Math.round((Date.parse(monday) - Date.parse(jan4)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}
