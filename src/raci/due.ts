import { localParts, zonedTimeToInstant } from "../calendar/zones.js";
import { addDays, isRealDate } from "../core/dates.js";
import { resolveDate } from "../core/relative-dates.js";

/** When a task is due: a project-local date, an optional project-local time, and the instant it becomes overdue. */
export interface Due {
  date: string;
  time: string | null;
  /** The due time, or the end of the due date (midnight after it) in the project's time zone. */
  at: Date;
}

const DATE_TIME = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s+|T)(\d{1,2})[:：](\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const pad = (n: number | string) => String(n).padStart(2, "0");

/** The instant a due date (and optional time) becomes overdue in a time zone. */
export function dueInstant(date: string, time: string | null, timeZone: string): Date {
  return time ? zonedTimeToInstant(date, time, timeZone) : zonedTimeToInstant(addDays(date, 1), "00:00", timeZone);
}

/**
 * Reads a due date as people type it: `2026-06-17`, `2026/6/17`, `2026年6月17日`, `2026-06-17 18:00`,
 * `2026-06-17T18:00+02:00` (a zone given wins; otherwise the project's), `+3d`, and every phrase of
 * `resolveDate` (`明天`, `下周五`, `next friday`), alone or with a time (`周五 18:00`). `today` is the project-local
 * date. Returns null when the text is not a due date.
 */
export function parseDue(text: string, timeZone: string, today: string): Due | null {
  const value = text.trim().toLowerCase();
  const plus = /^\+(\d{1,3})\s*(?:d|天)$/.exec(value);
  const phrase = /^(.*?)(?:\s+(\d{1,2})[:：](\d{2}))?$/.exec(value);
  const named = plus ? addDays(today, Number(plus[1])) : phrase?.[1] && !isRealDate(phrase[1]) ? resolveDate(phrase[1], today) : null;
  if (named !== null) {
    if (phrase?.[2] === undefined || plus) return { date: named, time: null, at: dueInstant(named, null, timeZone) };
    const hour = Number(phrase[2]);
    const minute = Number(phrase[3]);
    if (hour > 23 || minute > 59) return null;
    const time = `${pad(hour)}:${pad(minute)}`;
    return { date: named, time, at: dueInstant(named, time, timeZone) };
  }
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const date = `${m[1]}-${pad(m[2] ?? "")}-${pad(m[3] ?? "")}`;
  if (!isRealDate(date)) return null;
  if (m[4] === undefined) return { date, time: null, at: dueInstant(date, null, timeZone) };
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  if (hour > 23 || minute > 59) return null;
  const time = `${pad(hour)}:${pad(minute)}`;
  if (m[7]) {
    const zone = m[7].toUpperCase() === "Z" ? "Z" : m[7].replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
    const at = new Date(`${date}T${time}:00${zone}`);
    if (Number.isNaN(at.getTime())) return null;
    const local = localParts(at, timeZone);
    return { date: local.date, time: local.time, at };
  }
  return { date, time, at: dueInstant(date, time, timeZone) };
}

/** `2026-06-17` or `2026-06-17 18:00`; "—" when there is no due date. */
export function formatDue(date: string | null, time: string | null): string {
  if (!date) return "—";
  return time ? `${date} ${time}` : date;
}
