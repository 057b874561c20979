import { describe, expect, it } from "vitest";
import { addDays, assertDate, dateMs, daysBetween, isRealDate, utcDate, weekdayOf, weekOf } from "../../src/core/dates.js";

describe("plain dates", () => {
  it("isRealDate knows month lengths and the Gregorian leap years", () => {
    for (const date of ["2026-01-31", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"]) expect(isRealDate(date), date).toBe(true);
    for (const date of ["2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026-01-01T00:00"]) {
      expect(isRealDate(date), date).toBe(false);
    }
    expect(() => assertDate("2026-02-30", "due")).toThrow(/due must be a real date/);
  });

  it("addDays crosses months, leap days and years both ways", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-01-01", -366)).toBe("2025-12-31");
    expect(addDays("1969-12-31", 1)).toBe("1970-01-01");
    expect(addDays("2026-06-17", 0)).toBe("2026-06-17");
    expect(() => addDays("June 17", 1)).toThrow(RangeError);
  });

  it("weekdayOf counts 0 = Sunday … 6 = Saturday, before and after 1970", () => {
    expect(weekdayOf("2026-06-14")).toBe(0);
    expect(weekdayOf("2026-06-17")).toBe(3);
    expect(weekdayOf("1969-12-31")).toBe(3);
    expect(weekdayOf("1970-01-01")).toBe(4);
    expect(weekdayOf("2000-01-01")).toBe(6);
  });

  it("daysBetween is signed and matches addDays", () => {
    expect(daysBetween("2026-06-17", "2026-08-01")).toBe(45);
    expect(daysBetween("2026-08-01", "2026-06-17")).toBe(-45);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(addDays("2026-06-17", daysBetween("2026-06-17", "2031-03-09"))).toBe("2031-03-09");
  });

  it("utcDate and dateMs speak UTC", () => {
    expect(utcDate(new Date("2026-06-16T23:59:59.999Z"))).toBe("2026-06-16");
    expect(utcDate(new Date("2026-06-17T00:00:00+08:00"))).toBe("2026-06-16");
    expect(dateMs("2026-06-17")).toBe(Date.parse("2026-06-17T00:00:00Z"));
    expect(() => utcDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("weekOf gives the ISO week's Monday and Sunday, across a year end", () => {
    expect(weekOf("2026-06-17")).toEqual({ from: "2026-06-15", to: "2026-06-21" });
    expect(weekOf("2026-06-21")).toEqual({ from: "2026-06-15", to: "2026-06-21" });
    expect(weekOf("2027-01-01")).toEqual({ from: "2026-12-28", to: "2027-01-03" });
  });
});
