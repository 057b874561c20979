import "./i18n.js";
import { holidayOn, isWorkingDay } from "../calendar/working-time.js";
import { localParts } from "../calendar/zones.js";
import type { Translate } from "../core/i18n.js";
import { showDate } from "../core/relative-dates.js";
import type { RaciDeps } from "./asker.js";
import type { Due } from "./due.js";

/**
 * What a reply warns about a due date it accepted: a date already past (in the project's time zone), a date that is
 * not a working day on the calendar of the person who does the task (holidays and 调休 make-up workdays counted).
 */
export async function dueWarnings(
  deps: Pick<RaciDeps, "clock" | "calendars">,
  input: { tenantId: number; personId: number; timeZone: string; key: string; due: Due },
  t: Translate,
): Promise<string[]> {
  const { due, key } = input;
  const date = showDate(due.date, t);
  const out: string[] = [];
  const today = localParts(deps.clock.now(), input.timeZone).date;
  if (due.date < today || due.at.getTime() <= deps.clock.now().getTime()) out.push(t("raci.due_warning.past", { date, key }));
  const rules = await deps.calendars.rulesFor(input.tenantId, input.personId);
  if (!isWorkingDay(due.date, { calendar: rules.calendar })) {
    const holiday = holidayOn(rules.calendar, due.date);
    out.push(holiday ? t("raci.due_warning.holiday", { date, holiday }) : t("raci.due_warning.weekend", { date }));
  }
  return out;
}

/** A due date as replies show it: `2026-12-11（周五）` / `Fri 2026-12-11`, with its time when it has one. */
export function showDue(due: { date: string | null; time: string | null }, t: Translate): string {
  if (!due.date) return "—";
  return due.time ? `${showDate(due.date, t)} ${due.time}` : showDate(due.date, t);
}
