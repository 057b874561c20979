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

/**
 * What can be wrong in a calendar file. Each is worded for people in both languages by `describeCalendarError`
 * (import-problems.ts), naming the field in the reader's words and showing an example.
 */
export type CalendarProblem =
  | "not_object"
  | "required"
  | "wrong_type"
  | "unknown_key"
  | "blank"
  | "bad_id"
  | "weekday_number"
  | "weekend_repeat"
  | "weekend_too_many"
  | "year_key"
  | "bad_date"
  | "not_real_date"
  | "outside_year"
  | "from_after_to"
  | "holiday_shape"
  | "workday_is_holiday"
  | "workday_not_weekend";

/** A calendar problem: where in the file (`["years", "2026", "holidays", 3, "to"]`), what is wrong, and its details. */
export interface CalendarError {
  /** `years.2026.holidays[3].to`, for logs. */
  path: string;
  at: (string | number)[];
  problem: CalendarProblem;
  vars: Record<string, string | number>;
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

const MAX_RANGE_DAYS = 366;

type Ctx = { addIssue(issue: { code: "custom"; params: Record<string, unknown>; message: string }): void };
const problem = (ctx: Ctx, code: CalendarProblem, vars: Record<string, string | number> = {}) => ctx.addIssue({ code: "custom", params: { calendarProblem: code, vars }, message: code });

const dateString = z.string().superRefine((value, ctx) => {
  if (!DATE_PATTERN.test(value)) problem(ctx, "bad_date", { value });
  else if (!isRealDate(value)) problem(ctx, "not_real_date", { value });
});

const label = z.string().superRefine((value, ctx) => {
  if (!/\S/.test(value)) problem(ctx, "blank");
});

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
    problem(ctx, "holiday_shape");
    return z.NEVER;
  });

const workdaySchema = z.strictObject({ date: dateString, name: label });

const yearSchema = z.strictObject({
  holidays: z.array(holidaySchema).default([]),
  workdays: z.array(workdaySchema).default([]),
});

const weekendSchema = z.array(z.number()).superRefine((days, ctx) => {
  days.forEach((day, i) => {
    if (!Number.isInteger(day) || day < 0 || day > 6) ctx.addIssue({ code: "custom", path: [i], params: { calendarProblem: "weekday_number", vars: { value: day } }, message: "weekday_number" });
  });
  if (days.length > 6) problem(ctx, "weekend_too_many");
  else if (new Set(days).size !== days.length) problem(ctx, "weekend_repeat");
});

/** The zod schema of a calendar file (structure only; `parseCalendarFile` adds the cross-field checks). */
export const calendarFileSchema = z.strictObject({
  id: z.string().superRefine((value, ctx) => {
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(value)) problem(ctx, "bad_id", { value });
  }),
  name: label,
  weekend: weekendSchema,
  years: z.record(z.string().regex(/^\d{4}$/), yearSchema),
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

const errorAt = (at: (string | number)[], code: CalendarProblem, vars: Record<string, string | number> = {}): CalendarError => ({ path: formatPath(at), at, problem: code, vars });

/** Renders an error as one line for logs, e.g. `years.2026.workdays[0].date: workday_not_weekend {"date":"2026-09-21"}`. */
export function formatCalendarError(error: CalendarError): string {
  const vars = Object.keys(error.vars).length > 0 ? ` ${JSON.stringify(error.vars)}` : "";
  return `${error.path === "" ? "(file)" : error.path}: ${error.problem}${vars}`;
}

const JSON_TYPES: Record<string, string> = { string: "text", number: "number", int: "number", array: "list", object: "object", record: "object" };

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "text";
  return typeof value;
}

function valueAt(json: unknown, at: readonly PropertyKey[]): unknown {
  let value = json;
  for (const part of at) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  return value;
}

/** One zod issue as calendar problems, never a zod message. */
function fromIssue(issue: z.core.$ZodIssue, json: unknown): CalendarError[] {
  const at = issue.path.filter((p): p is string | number => typeof p === "string" || typeof p === "number");
  switch (issue.code) {
    case "custom": {
      const params = issue.params as { calendarProblem?: CalendarProblem; vars?: Record<string, string | number> } | undefined;
      return [errorAt(at, params?.calendarProblem ?? "wrong_type", params?.vars ?? {})];
    }
    case "unrecognized_keys":
      return issue.keys.map((key) => errorAt([...at, key], "unknown_key", { key }));
    case "invalid_key":
      return [errorAt(at, "year_key", { value: String(at[at.length - 1] ?? "") })];
    case "invalid_type": {
      const found = valueAt(json, at);
      if (at.length === 0) return [errorAt(at, "not_object", { found: typeOf(found) })];
      const expected = JSON_TYPES[issue.expected] ?? issue.expected;
      return [errorAt(at, found === undefined ? "required" : "wrong_type", { expected, found: typeOf(found) })];
    }
    default:
      return [errorAt(at, "wrong_type", { expected: "", found: typeOf(valueAt(json, at)) })];
  }
}

function checkInYear(date: string, year: string, at: (string | number)[], errors: CalendarError[]): boolean {
  if (date.slice(0, 4) === year) return true;
  errors.push(errorAt(at, "outside_year", { date, year, belongs: date.slice(0, 4) }));
  return false;
}

function checkYear(calendar: CalendarFile, year: string, data: CalendarYear, errors: CalendarError[]): void {
  const holidayAt = new Map<string, { n: number; name: string }>();
  data.holidays.forEach((entry, i) => {
    const at = ["years", year, "holidays", i];
    const mark = (day: string) => void (holidayAt.has(day) || holidayAt.set(day, { n: i + 1, name: entry.name }));
    if ("date" in entry) {
      if (checkInYear(entry.date, year, [...at, "date"], errors)) mark(entry.date);
      return;
    }
    const fromOk = checkInYear(entry.from, year, [...at, "from"], errors);
    const toOk = checkInYear(entry.to, year, [...at, "to"], errors);
    if (entry.from > entry.to) {
      errors.push(errorAt(at, "from_after_to", { from: entry.from, to: entry.to }));
      return;
    }
    if (!fromOk || !toOk) return;
    const end = epochDay(entry.to);
    for (let n = 0, d = epochDay(entry.from); d <= end && n < MAX_RANGE_DAYS; d++, n++) mark(dateOfEpochDay(d));
  });
  data.workdays.forEach((entry, i) => {
    const at = ["years", year, "workdays", i, "date"];
    checkInYear(entry.date, year, at, errors);
    const clash = holidayAt.get(entry.date);
    if (clash !== undefined) errors.push(errorAt(at, "workday_is_holiday", { date: entry.date, n: clash.n, holiday: clash.name }));
    const weekday = weekdayOf(entry.date);
    if (!calendar.weekend.includes(weekday)) errors.push(errorAt(at, "workday_not_weekend", { date: entry.date, weekday }));
  });
}

/** Validates a calendar file's JSON and returns the calendar or every problem found (where + which problem). */
export function parseCalendarFile(json: unknown): ParseCalendarResult {
  const parsed = calendarFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.flatMap((issue) => fromIssue(issue, json)) };
  const calendar: CalendarFile = parsed.data;
  const errors: CalendarError[] = [];
  for (const [year, data] of Object.entries(calendar.years)) checkYear(calendar, year, data, errors);
  return errors.length === 0 ? { ok: true, calendar } : { ok: false, errors };
}
