/**
 * Calendar files: which days are public holidays and which weekend days are
 * make-up workdays (调休) in one country or region. Callers load the JSON
 * (from `calendars/*.json` or the database) and validate it here; the
 * functions in `working-time.ts` then work on the parsed value.
 *
 * Format (see also `calendars/README.md`):
 *
 * ```json
 * {
 *   "id": "cn",
 *   "name": "中国大陆 / Mainland China",
 *   "weekend": [6, 0],
 *   "sources": ["https://www.gov.cn/..."],
 *   "note": "free text for admins",
 *   "years": {
 *     "2026": {
 *       "holidays": [
 *         { "date": "2026-01-01", "name": "元旦" },
 *         { "from": "2026-10-01", "to": "2026-10-07", "name": "国庆节" }
 *       ],
 *       "workdays": [{ "date": "2026-09-20", "name": "国庆节调休" }]
 *     }
 *   }
 * }
 * ```
 *
 * - `id`: lower-case letters, digits, `-` or `_`.
 * - `weekend`: the days off every week, 0 = Sunday, 1 = Monday … 6 = Saturday.
 * - `years`: keyed by four-digit year; every date must lie inside its year.
 *   `holidays` and `workdays` may each be omitted (treated as empty).
 * - A holiday is either one `date` or an inclusive `from`…`to` range.
 * - `workdays` are make-up working days; each must fall on a weekend day and
 *   must not also be a holiday.
 * - `sources` and `note` are optional and only for people.
 * - Unknown keys are errors, so that a typo such as `"holiday"` is caught.
 */
import { z } from "zod";
import { DATE_PATTERN, dateOfEpochDay, epochDay, isRealDate, weekdayOf } from "../core/dates.js";

/** A calendar problem: where in the file (`years.2026.holidays[3].to`) and what is wrong. */
export interface CalendarError {
  path: string;
  problem: string;
}

/** One public holiday: a single date or an inclusive range of dates. */
export type HolidayEntry = { date: string; name: string } | { from: string; to: string; name: string };

/** One make-up working day that falls on a weekend day. */
export interface WorkdayEntry {
  date: string;
  name: string;
}

/** The holidays and make-up workdays of one year. */
export interface CalendarYear {
  holidays: HolidayEntry[];
  workdays: WorkdayEntry[];
}

/** A parsed, validated calendar file. */
export interface CalendarFile {
  id: string;
  name: string;
  /** Days off every week: 0 = Sunday … 6 = Saturday. */
  weekend: number[];
  years: Record<string, CalendarYear>;
  sources?: string[] | undefined;
  note?: string | undefined;
}

/** Result of `parseCalendarFile`. */
export type ParseCalendarResult = { ok: true; calendar: CalendarFile } | { ok: false; errors: CalendarError[] };

const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
const MAX_RANGE_DAYS = 366;

const dateString = z.string().superRefine((value, ctx) => {
  if (!DATE_PATTERN.test(value)) ctx.addIssue({ code: "custom", message: `expected a date written YYYY-MM-DD, got "${value}"` });
  else if (!isRealDate(value)) ctx.addIssue({ code: "custom", message: `${value} is not a real calendar date` });
});

const label = z.string().regex(/\S/, "must not be blank");

const holidaySchema = z
  .strictObject({
    name: label,
    date: dateString.optional(),
    from: dateString.optional(),
    to: dateString.optional(),
  })
  .transform((entry, ctx): HolidayEntry => {
    const { name, date, from, to } = entry;
    if (date !== undefined && from === undefined && to === undefined) return { date, name };
    if (date === undefined && from !== undefined && to !== undefined) return { from, to, name };
    ctx.addIssue({ code: "custom", message: 'a holiday needs either "date" or both "from" and "to"' });
    return z.NEVER;
  });

const workdaySchema = z.strictObject({ date: dateString, name: label });

const yearSchema = z.strictObject({
  holidays: z.array(holidaySchema).default([]),
  workdays: z.array(workdaySchema).default([]),
});

const weekdayNumber = z.int("must be a whole number from 0 (Sunday) to 6 (Saturday)").min(0).max(6);

/** The zod schema of a calendar file (structure only; `parseCalendarFile` adds the cross-field checks). */
export const calendarFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "must be lower-case letters, digits, '-' or '_'"),
  name: label,
  weekend: z
    .array(weekdayNumber)
    .max(6, "at most six weekend days")
    .refine((days) => new Set(days).size === days.length, "weekend days must not repeat"),
  years: z.record(z.string().regex(/^\d{4}$/, "year keys must be four digits, e.g. \"2026\""), yearSchema),
  sources: z.array(z.string()).optional(),
  note: z.string().optional(),
});

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Renders an error as one line, e.g. `years.2026.workdays[0].date: 2026-09-21 is a Monday …`. */
export function formatCalendarError(error: CalendarError): string {
  return `${error.path === "" ? "(file)" : error.path}: ${error.problem}`;
}

function checkInYear(date: string, year: string, path: string, errors: CalendarError[]): boolean {
  if (date.slice(0, 4) === year) return true;
  errors.push({ path, problem: `${date} is not in ${year}; list it under "${date.slice(0, 4)}"` });
  return false;
}

function checkYear(calendar: CalendarFile, year: string, data: CalendarYear, errors: CalendarError[]): void {
  const base = `years.${year}`;
  const holidayPaths = new Map<string, string>();
  data.holidays.forEach((entry, i) => {
    const path = `${base}.holidays[${i}]`;
    if ("date" in entry) {
      if (checkInYear(entry.date, year, `${path}.date`, errors) && !holidayPaths.has(entry.date)) holidayPaths.set(entry.date, path);
      return;
    }
    const fromOk = checkInYear(entry.from, year, `${path}.from`, errors);
    const toOk = checkInYear(entry.to, year, `${path}.to`, errors);
    if (entry.from > entry.to) {
      errors.push({ path, problem: `from ${entry.from} is after to ${entry.to}` });
      return;
    }
    if (!fromOk || !toOk) return;
    const end = epochDay(entry.to);
    for (let n = 0, d = epochDay(entry.from); d <= end && n < MAX_RANGE_DAYS; d++, n++) {
      const day = dateOfEpochDay(d);
      if (!holidayPaths.has(day)) holidayPaths.set(day, path);
    }
  });
  data.workdays.forEach((entry, i) => {
    const path = `${base}.workdays[${i}].date`;
    checkInYear(entry.date, year, path, errors);
    const clash = holidayPaths.get(entry.date);
    if (clash !== undefined) errors.push({ path, problem: `${entry.date} is also a holiday (${clash})` });
    const weekday = weekdayOf(entry.date);
    if (!calendar.weekend.includes(weekday)) {
      errors.push({
        path,
        problem: `${entry.date} is a ${WEEKDAY_NAMES[weekday] ?? weekday}, not a weekend day; a make-up workday must fall on a weekend`,
      });
    }
  });
}

/** Validates a calendar file's JSON and returns the calendar or every problem found (path + problem). */
export function parseCalendarFile(json: unknown): ParseCalendarResult {
  const parsed = calendarFileSchema.safeParse(json, {
    error: (issue) => (issue.code === "invalid_type" && issue.input === undefined ? `is required (${issue.expected})` : undefined),
  });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        problem:
          issue.code === "invalid_key"
            ? `invalid key: ${issue.issues.map((inner) => inner.message).join("; ")}`
            : issue.message,
      })),
    };
  }
  const calendar: CalendarFile = parsed.data;
  const errors: CalendarError[] = [];
  for (const [year, data] of Object.entries(calendar.years)) checkYear(calendar, year, data, errors);
  return errors.length === 0 ? { ok: true, calendar } : { ok: false, errors };
}
