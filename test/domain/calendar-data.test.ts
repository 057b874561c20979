import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CalendarFile } from "../../src/calendar/calendar-file.js";
import { formatCalendarError, parseCalendarFile } from "../../src/calendar/calendar-file.js";
import { isRealDate } from "../../src/core/dates.js";

function loadJson(id: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../calendars/${id}.json`, import.meta.url), "utf8")) as unknown;
}

function shipped(id: string): CalendarFile {
  const result = parseCalendarFile(loadJson(id));
  if (!result.ok) throw new Error(result.errors.map(formatCalendarError).join("\n"));
  return result.calendar;
}

function errorsOf(json: unknown): string[] {
  const result = parseCalendarFile(json);
  return result.ok ? [] : result.errors.map(formatCalendarError);
}

/** A valid file with one year; `year` replaces that year's contents. */
function withYear(year: unknown, extra: Record<string, unknown> = {}): unknown {
  return { id: "test", name: "Test", weekend: [6, 0], years: { "2026": year }, ...extra };
}

describe("shipped calendar files", () => {
  it.each(["cn", "de", "us"])("%s.json parses without errors", (id) => {
    const result = parseCalendarFile(loadJson(id));
    expect(result.ok ? [] : result.errors.map(formatCalendarError)).toEqual([]);
    expect(result.ok && result.calendar.id).toBe(id);
  });

  it("cn.json has the 2025 and 2026 State Council schedules", () => {
    const cn = shipped("cn");
    expect(Object.keys(cn.years).sort()).toEqual(["2025", "2026"]);
    expect(cn.years["2026"]?.holidays).toContainEqual({ from: "2026-10-01", to: "2026-10-07", name: "国庆节" });
    expect(cn.years["2026"]?.workdays.map((w) => w.date)).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
    expect(cn.years["2025"]?.workdays.map((w) => w.date)).toEqual([
      "2025-01-26",
      "2025-02-08",
      "2025-04-27",
      "2025-09-28",
      "2025-10-11",
    ]);
  });

  it("de.json lists the nine nationwide holidays per year and no make-up days", () => {
    const de = shipped("de");
    for (const year of ["2025", "2026"]) {
      expect(de.years[year]?.holidays).toHaveLength(9);
      expect(de.years[year]?.workdays).toEqual([]);
    }
    expect(de.years["2026"]?.holidays).toContainEqual({ date: "2026-04-03", name: "Karfreitag" });
  });

  it("us.json uses observed dates (Independence Day 2026 on Friday 3 July)", () => {
    const us = shipped("us");
    expect(us.years["2025"]?.holidays).toHaveLength(11);
    expect(us.years["2026"]?.holidays).toHaveLength(11);
    const dates2026 = us.years["2026"]?.holidays.map((h) => ("date" in h ? h.date : h.from));
    expect(dates2026).toContain("2026-07-03");
    expect(dates2026).not.toContain("2026-07-04");
  });
});

describe("parseCalendarFile: valid input", () => {
  it("accepts single dates and ranges, and defaults missing lists to empty", () => {
    const result = parseCalendarFile(
      withYear({ holidays: [{ date: "2026-01-01", name: "A" }, { from: "2026-10-01", to: "2026-10-07", name: "B" }] }),
    );
    expect(result).toEqual({
      ok: true,
      calendar: {
        id: "test",
        name: "Test",
        weekend: [6, 0],
        years: {
          "2026": {
            holidays: [
              { date: "2026-01-01", name: "A" },
              { from: "2026-10-01", to: "2026-10-07", name: "B" },
            ],
            workdays: [],
          },
        },
      },
    });
  });

  it("accepts a make-up workday on a weekend day", () => {
    expect(errorsOf(withYear({ workdays: [{ date: "2026-09-20", name: "调休" }] }))).toEqual([]);
  });
});

describe("parseCalendarFile: invalid input", () => {
  it("rejects something that is not an object", () => {
    expect(errorsOf(null)).toEqual(['(file): not_object {"found":"null"}']);
  });

  it("names every missing top-level key", () => {
    expect(errorsOf({})).toEqual([
      'id: required {"expected":"text","found":"undefined"}',
      'name: required {"expected":"text","found":"undefined"}',
      'weekend: required {"expected":"list","found":"undefined"}',
      'years: required {"expected":"object","found":"undefined"}',
    ]);
  });

  it("rejects a bad id, blank name, weekend numbers out of range and repeated weekend days", () => {
    expect(errorsOf({ id: "CN", name: " ", weekend: [7], years: {} })).toEqual([
      'id: bad_id {"value":"CN"}',
      "name: blank",
      'weekend[0]: weekday_number {"value":7}',
    ]);
    expect(errorsOf({ id: "x", name: "X", weekend: [0, 0], years: {} })).toEqual([
      "weekend: weekend_repeat",
    ]);
  });

  it("rejects year keys that are not four digits and unknown keys", () => {
    expect(errorsOf({ id: "x", name: "X", weekend: [6, 0], years: { "26": {} } })).toEqual([
      'years.26: year_key {"value":"26"}',
    ]);
    expect(errorsOf(withYear({ holiday: [] }))).toEqual(['years.2026.holiday: unknown_key {"key":"holiday"}']);
  });

  it("rejects dates that are not real or not written YYYY-MM-DD", () => {
    expect(
      errorsOf(
        withYear({
          holidays: [
            { date: "2026-02-30", name: "A" },
            { date: "2026-2-1", name: "B" },
          ],
        }),
      ),
    ).toEqual([
      'years.2026.holidays[0].date: not_real_date {"value":"2026-02-30"}',
      'years.2026.holidays[1].date: bad_date {"value":"2026-2-1"}',
    ]);
  });

  it("rejects a holiday with neither a date nor a complete range, or with both", () => {
    expect(
      errorsOf(
        withYear({
          holidays: [
            { name: "A" },
            { from: "2026-10-01", name: "B" },
            { date: "2026-10-01", from: "2026-10-01", to: "2026-10-02", name: "C" },
          ],
        }),
      ),
    ).toEqual([
      "years.2026.holidays[0]: holiday_shape",
      "years.2026.holidays[1]: holiday_shape",
      "years.2026.holidays[2]: holiday_shape",
    ]);
  });

  it("rejects dates outside their year", () => {
    expect(
      errorsOf(
        withYear({
          holidays: [{ from: "2026-12-31", to: "2027-01-01", name: "A" }],
          workdays: [{ date: "2025-12-27", name: "W" }],
        }),
      ),
    ).toEqual([
      'years.2026.holidays[0].to: outside_year {"date":"2027-01-01","year":"2026","belongs":"2027"}',
      'years.2026.workdays[0].date: outside_year {"date":"2025-12-27","year":"2026","belongs":"2025"}',
    ]);
  });

  it("rejects a range whose from is after its to", () => {
    expect(errorsOf(withYear({ holidays: [{ from: "2026-10-07", to: "2026-10-01", name: "A" }] }))).toEqual([
      'years.2026.holidays[0]: from_after_to {"from":"2026-10-07","to":"2026-10-01"}',
    ]);
  });

  it("rejects a date that is both a holiday and a make-up workday", () => {
    expect(
      errorsOf(
        withYear({
          holidays: [{ date: "2026-01-01", name: "A" }, { from: "2026-10-01", to: "2026-10-07", name: "B" }],
          workdays: [{ date: "2026-10-03", name: "W" }],
        }),
      ),
    ).toEqual(['years.2026.workdays[0].date: workday_is_holiday {"date":"2026-10-03","n":2,"holiday":"B"}']);
  });

  it("rejects a make-up workday that is not on a weekend day", () => {
    expect(errorsOf(withYear({ workdays: [{ date: "2026-09-21", name: "W" }] }))).toEqual([
      'years.2026.workdays[0].date: workday_not_weekend {"date":"2026-09-21","weekday":1}',
    ]);
    // A Friday/Saturday weekend makes Sunday an ordinary working day.
    expect(errorsOf(withYear({ workdays: [{ date: "2026-09-20", name: "W" }] }, { weekend: [5, 6] }))).toEqual([
      'years.2026.workdays[0].date: workday_not_weekend {"date":"2026-09-20","weekday":0}',
    ]);
  });

  it("reports errors as where + which problem + details, for import-problems.ts to word", () => {
    expect(parseCalendarFile(withYear({ holidays: [{ from: "2026-10-07", to: "2026-10-01", name: "A" }] }))).toEqual({
      ok: false,
      errors: [{ path: "years.2026.holidays[0]", at: ["years", "2026", "holidays", 0], problem: "from_after_to", vars: { from: "2026-10-07", to: "2026-10-01" } }],
    });
  });
});

describe("isRealDate", () => {
  it("accepts real dates only", () => {
    expect(isRealDate("2024-02-29")).toBe(true);
    expect(isRealDate("2026-02-29")).toBe(false);
    expect(isRealDate("2026-13-01")).toBe(false);
    expect(isRealDate("2026-1-01")).toBe(false);
  });
});
