import "./i18n.js";
import type { Translate } from "./i18n.js";
import type { CalendarError } from "./calendar-file.js";

const PROBLEM_KEYS: Record<string, string> = {
  not_object: "calendar.problem.not_object",
  required: "calendar.problem.required",
  wrong_type: "calendar.problem.wrong_type",
  unknown_key: "calendar.problem.unknown_key",
  blank: "calendar.problem.blank",
  bad_id: "calendar.problem.bad_id",
  weekday_number: "calendar.problem.weekday_number",
  weekend_repeat: "calendar.problem.weekend_repeat",
  weekend_too_many: "calendar.problem.weekend_too_many",
  year_key: "calendar.problem.year_key",
  bad_date: "calendar.problem.bad_date",
  not_real_date: "calendar.problem.not_real_date",
  outside_year: "calendar.problem.outside_year",
  from_after_to: "calendar.problem.from_after_to",
  holiday_shape: "calendar.problem.holiday_shape",
  workday_is_holiday: "calendar.problem.workday_is_holiday",
  workday_not_weekend: "calendar.problem.workday_not_weekend",
};
const TYPE_KEYS: Record<string, string> = {
  text: "calendar.problem.type.text",
  number: "calendar.problem.type.number",
  list: "calendar.problem.type.list",
  object: "calendar.problem.type.object",
  null: "calendar.problem.type.null",
  boolean: "calendar.problem.type.boolean",
  undefined: "calendar.problem.type.undefined",
};
const FIELD_KEYS: Record<string, string> = {
  file: "calendar.field.file",
  id: "calendar.field.id",
  name: "calendar.field.name",
  weekend: "calendar.field.weekend",
  weekend_item: "calendar.field.weekend_item",
  years: "calendar.field.years",
  sources: "calendar.field.sources",
  note: "calendar.field.note",
  year: "calendar.field.year",
  in_year: "calendar.field.in_year",
  holidays: "calendar.field.holidays",
  workdays: "calendar.field.workdays",
  holidays_item: "calendar.field.holidays_item",
  workdays_item: "calendar.field.workdays_item",
  of_entry: "calendar.field.of_entry",
  entry_date: "calendar.field.entry_date",
  entry_from: "calendar.field.entry_from",
  entry_to: "calendar.field.entry_to",
  entry_name: "calendar.field.entry_name",
};
/** The weekday names (0 = Sunday), shared with the coverage notice. */
export const WEEKDAY_KEYS = ["calendar.problem.weekday.0", "calendar.problem.weekday.1", "calendar.problem.weekday.2", "calendar.problem.weekday.3", "calendar.problem.weekday.4", "calendar.problem.weekday.5", "calendar.problem.weekday.6"] as const;
const field = (t: Translate, key: string, vars: Record<string, string | number> = {}) => t(FIELD_KEYS[key] ?? "calendar.field.file", vars);
const typeName = (t: Translate, type: unknown) => t(TYPE_KEYS[String(type)] ?? "calendar.problem.type.undefined");

/** A weekday's name (0 = Sunday … 6 = Saturday) in the reader's language. */
export const weekdayName = (t: Translate, day: number) => t(WEEKDAY_KEYS[day] ?? "calendar.problem.weekday.0");

const ENTRY_FIELDS = new Set(["date", "from", "to", "name"]);
const TOP_FIELDS = new Set(["id", "name", "weekend", "years", "sources", "note"]);

const ENTRY = '{ "date": "2026-01-01", "name": "元旦" }';
const RANGE = '{ "from": "2026-10-01", "to": "2026-10-07", "name": "国庆节" }';
const WORKDAY = '{ "date": "2026-09-20", "name": "国庆节调休" }';
const TOP_EXAMPLES: Record<string, string> = {
  id: '"id": "cn-company"',
  name: '"name": "中国大陆 / Mainland China"',
  weekend: '"weekend": [6, 0]',
  years: '"years": { "2026": { "holidays": [ … ], "workdays": [ … ] } }',
  sources: '"sources": ["https://www.gov.cn/…"]',
  note: '"note": "…"',
};
const ENTRY_EXAMPLES: Record<string, string> = { date: '"date": "2026-10-01"', from: '"from": "2026-10-01"', to: '"to": "2026-10-07"', name: '"name": "元旦"' };

/** A sample of what belongs at this place of the file (real 2026 dates of the cn calendar, never invented ones). */
function exampleFor(error: CalendarError): string {
  const at = error.at;
  if (error.problem === "from_after_to" || error.problem === "holiday_shape") return `${ENTRY}  /  ${RANGE}`;
  if (error.problem === "workday_not_weekend" || error.problem === "workday_is_holiday") return WORKDAY;
  if (error.problem === "year_key") return '"2026": { "holidays": [ … ], "workdays": [ … ] }';
  if (at.length === 0) return '{ "id": "cn", "name": "中国大陆 / Mainland China", "weekend": [6, 0], "years": { "2026": { "holidays": [ … ] } } }';
  const last = at[at.length - 1];
  if (at[0] === "weekend") return TOP_EXAMPLES.weekend!;
  if (at.length === 1) return TOP_EXAMPLES[String(last)] ?? TOP_EXAMPLES.years!;
  if (at.length === 2) return '"2026": { "holidays": [ … ], "workdays": [ … ] }';
  if (at.length === 3) return at[2] === "workdays" ? `"workdays": [${WORKDAY}]` : `"holidays": [${ENTRY}]`;
  if (at.length === 4) return at[2] === "workdays" ? WORKDAY : ENTRY;
  if (at[2] === "workdays") return last === "name" ? '"name": "国庆节调休"' : '"date": "2026-09-20"';
  return ENTRY_EXAMPLES[String(last)] ?? ENTRY;
}

/** The keys a person may write where the problem is (for "unknown key"), as they appear in the file. */
function allowedKeys(parent: readonly (string | number)[]): string {
  if (parent.length === 0) return "id, name, weekend, years, sources, note";
  if (parent.length === 2 && parent[0] === "years") return "holidays, workdays";
  if (parent.length === 4 && parent[2] === "holidays") return "name, date | from + to";
  if (parent.length === 4 && parent[2] === "workdays") return "date, name";
  return "—";
}

/** Where in the file, in the reader's words: "2027 年第 2 个节假日的开始日期（from）" / "2027, holiday no. 2, start date (from)". */
export function calendarFieldName(t: Translate, at: readonly (string | number)[]): string {
  if (at.length === 0) return t("calendar.field.file");
  const [first, year, list, index, last] = at;
  if (at.length === 1 && typeof first === "string" && TOP_FIELDS.has(first)) return field(t, first);
  if (first === "weekend" && typeof year === "number") return t("calendar.field.weekend_item", { n: year + 1 });
  if (first !== "years") return `\`${at.join(".")}\``;
  if (at.length === 2) return t("calendar.field.year", { year: String(year) });
  const kind = list === "holidays" ? "holidays" : list === "workdays" ? "workdays" : null;
  if (kind === null) return t("calendar.field.in_year", { year: String(year), key: String(list) });
  if (at.length === 3) return field(t, kind, { year: String(year) });
  const entry = field(t, `${kind}_item`, { year: String(year), n: typeof index === "number" ? index + 1 : String(index) });
  if (at.length === 4) return entry;
  return typeof last === "string" && ENTRY_FIELDS.has(last) ? t("calendar.field.of_entry", { entry, field: field(t, `entry_${last}`) }) : `${entry} · \`${String(last)}\``;
}

/** One problem of a calendar file as a sentence in the reader's language, with the field named and an example. */
export function describeCalendarError(t: Translate, error: CalendarError): string {
  // An unknown key is named by the place it was written in, not by itself.
  const place = error.problem === "unknown_key" ? { ...error, at: error.at.slice(0, -1) } : error;
  const vars: Record<string, string | number> = { ...error.vars, field: calendarFieldName(t, place.at), example: exampleFor(place) };
  if (error.problem === "unknown_key") vars.allowed = allowedKeys(place.at);
  if (error.problem === "wrong_type" || error.problem === "required" || error.problem === "not_object") {
    vars.expected = error.vars.expected ? typeName(t, error.vars.expected) : "—";
    vars.found = typeName(t, error.vars.found ?? "undefined");
  }
  if (error.problem === "workday_not_weekend") vars.weekday = weekdayName(t, Number(error.vars.weekday));
  return t(PROBLEM_KEYS[error.problem] ?? "calendar.problem.wrong_type", vars);
}
