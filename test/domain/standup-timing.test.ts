import { describe, expect, it } from "vitest";
import cnJson from "../../calendars/cn.json" with { type: "json" };
import { parseCalendarFile, type CalendarFile } from "../../src/calendar/calendar-file.js";
import { weekOf } from "../../src/core/dates.js";
import { isStandupDay, parseDays, personTimes } from "../../src/standups/timing.js";

const parsed = parseCalendarFile(cnJson);
if (!parsed.ok) throw new Error("cn.json is invalid");
const cn: CalendarFile = parsed.calendar;
const WEEKDAYS = [1, 2, 3, 4, 5];

describe("personTimes", () => {
  const team = { promptTime: "09:30", closeTime: "11:00", reminderMinutes: 30 };

  it("uses the team's times for someone who starts with the team", () => {
    expect(personTimes(team, "09:00", "09:00")).toEqual({ promptTime: "09:30", closeTime: "11:00", reminderTime: "10:30" });
  });

  it("moves prompt, reminder and close with the person's own work start", () => {
    expect(personTimes(team, "09:00", "10:15")).toEqual({ promptTime: "10:45", closeTime: "12:15", reminderTime: "11:45" });
    expect(personTimes(team, "09:00", "07:30")).toEqual({ promptTime: "08:00", closeTime: "09:30", reminderTime: "09:00" });
  });

  it("keeps the times inside the day, and drops a reminder that would come before the prompt", () => {
    expect(personTimes(team, "09:00", "23:00")).toEqual({ promptTime: "23:30", closeTime: "23:59", reminderTime: null });
    expect(personTimes({ ...team, reminderMinutes: 120 }, "09:00", "09:00").reminderTime).toBeNull();
    expect(personTimes({ ...team, reminderMinutes: null }, "09:00", "09:00").reminderTime).toBeNull();
  });
});

describe("isStandupDay (cn, Monday to Friday)", () => {
  const rules = { calendar: cn };

  it("runs on ordinary weekdays and not on weekends", () => {
    expect(isStandupDay("2026-09-21", WEEKDAYS, rules)).toBe(true);
    expect(isStandupDay("2026-09-19", WEEKDAYS, rules)).toBe(false);
  });

  it("runs on the make-up workdays (调休), Sunday 2026-09-20 and Saturday 2026-10-10", () => {
    expect(isStandupDay("2026-09-20", WEEKDAYS, rules)).toBe(true);
    expect(isStandupDay("2026-10-10", WEEKDAYS, rules)).toBe(true);
    expect(isStandupDay("2026-10-10", [1, 3, 5], rules)).toBe(true);
  });

  it("does not run on the Mid-Autumn and National Day holidays", () => {
    expect(isStandupDay("2026-09-25", WEEKDAYS, rules)).toBe(false);
    expect(isStandupDay("2026-10-05", WEEKDAYS, rules)).toBe(false);
  });

  it("does not run on leave, even on a make-up workday", () => {
    const leave = [{ from: "2026-09-20", to: "2026-09-22" }];
    expect(isStandupDay("2026-09-20", WEEKDAYS, { calendar: cn, leave })).toBe(false);
    expect(isStandupDay("2026-09-22", WEEKDAYS, { calendar: cn, leave })).toBe(false);
    expect(isStandupDay("2026-09-23", WEEKDAYS, { calendar: cn, leave })).toBe(true);
  });

  it("runs on a weekend day the team chose, but never on a holiday weekend day", () => {
    const daily = [0, 1, 2, 3, 4, 5, 6];
    expect(isStandupDay("2026-09-19", daily, rules)).toBe(true);
    expect(isStandupDay("2026-09-26", daily, rules)).toBe(false);
    expect(isStandupDay("2026-09-19", daily, { calendar: cn, leave: [{ from: "2026-09-19", to: "2026-09-19" }] })).toBe(false);
  });

  it("skips weekdays the team did not choose", () => {
    expect(isStandupDay("2026-09-22", [1, 3, 5], rules)).toBe(false);
    expect(isStandupDay("2026-09-23", [1, 3, 5], rules)).toBe(true);
  });
});

describe("parseDays", () => {
  it("reads English and Chinese day words, ranges, lists and numbers", () => {
    expect(parseDays("mon-fri")).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays("mon,wed,fri")).toEqual([1, 3, 5]);
    expect(parseDays("周一至周五")).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays("周一、周三")).toEqual([1, 3]);
    expect(parseDays("fri-mon")).toEqual([0, 1, 5, 6]);
    expect(parseDays("1-7")).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(parseDays("daily")).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(parseDays("工作日")).toEqual([1, 2, 3, 4, 5]);
  });

  it("returns null for what is not days", () => {
    expect(parseDays("weekend-ish")).toBeNull();
    expect(parseDays("")).toBeNull();
    expect(parseDays("mon-tue-wed")).toBeNull();
  });
});

describe("weekOf", () => {
  it("is Monday to Sunday around any date", () => {
    expect(weekOf("2026-09-20")).toEqual({ from: "2026-09-14", to: "2026-09-20" });
    expect(weekOf("2026-09-21")).toEqual({ from: "2026-09-21", to: "2026-09-27" });
    expect(weekOf("2026-12-31")).toEqual({ from: "2026-12-28", to: "2027-01-03" });
  });
});
