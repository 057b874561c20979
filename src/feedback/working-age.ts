import { isWorkingDay, type WorkHours } from "../calendar/working-time.js";
import { localParts, zonedTimeToInstant } from "../calendar/zones.js";
import { addDays } from "../core/dates.js";

/** How far the walk looks before giving up (an item untriaged for months is long overdue anyway). */
const MAX_DAYS = 120;

/**
 * The instant at which `workMs` of working time (working days, within work hours, in the person's zone) has passed
 * since `from`; null when that is after `until`.
 */
export function afterWorkingTime(from: Date, workMs: number, rules: WorkHours, until: Date): Date | null {
  let left = workMs;
  let day = localParts(from, rules.timeZone).date;
  for (let i = 0; i <= MAX_DAYS; i++, day = addDays(day, 1)) {
    const start = zonedTimeToInstant(day, rules.workStart, rules.timeZone).getTime();
    if (start > until.getTime()) return null;
    if (!isWorkingDay(day, rules)) continue;
    const end = zonedTimeToInstant(day, rules.workEnd, rules.timeZone).getTime();
    const open = Math.max(start, from.getTime());
    if (end <= open) continue;
    if (end - open >= left) {
      const at = new Date(open + left);
      return at.getTime() <= until.getTime() ? at : null;
    }
    left -= end - open;
  }
  return null;
}

/** The length of the person's working day, in ms. */
export function workdayMs(rules: WorkHours): number {
  const [sh, sm] = rules.workStart.split(":").map(Number);
  const [eh, em] = rules.workEnd.split(":").map(Number);
  return ((eh! * 60 + em!) - (sh! * 60 + sm!)) * 60_000;
}
