import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CalendarFile } from "../../src/calendar/calendar-file.js";
import { parseCalendarFile } from "../../src/calendar/calendar-file.js";
import { addWorkingDays, isWithinWorkHours, isWorkingDay, nextWorkingDay, nextWorkStart, workingDaysBetween } from "../../src/calendar/working-time.js";
import { dueLocalTimes, localParts, zonedTimeToInstant } from "../../src/calendar/zones.js";

function load(id: string): CalendarFile {
  const result = parseCalendarFile(JSON.parse(readFileSync(new URL(`../../calendars/${id}.json`, import.meta.url), "utf8")));
  if (!result.ok) throw new Error(`calendars/${id}.json is invalid`);
  return result.calendar;
}

const cn = load("cn");
const de = load("de");
const us = load("us");

const iso = (date: string, time: string, zone: string): string => zonedTimeToInstant(date, time, zone).toISOString();
const at = (isoString: string): Date => new Date(isoString);

describe("isWorkingDay (cn)", () => {
  const rules = { calendar: cn };

  it("National Day week 2026 is off", () => {
    for (const day of ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"]) {
      expect(isWorkingDay(day, rules), day).toBe(false);
    }
    expect(isWorkingDay("2026-10-08", rules)).toBe(true);
  });

  it("its make-up Sunday 2026-09-20 and Saturday 2026-10-10 are on", () => {
    expect(isWorkingDay("2026-09-20", rules)).toBe(true);
    expect(isWorkingDay("2026-10-10", rules)).toBe(true);
    // The neighbouring weekend days stay off.
    expect(isWorkingDay("2026-09-19", rules)).toBe(false);
    expect(isWorkingDay("2026-10-11", rules)).toBe(false);
  });

  it("Spring Festival 2026 is off, with its two make-up Saturdays on", () => {
    expect(isWorkingDay("2026-02-16", rules)).toBe(false);
    expect(isWorkingDay("2026-02-23", rules)).toBe(false);
    expect(isWorkingDay("2026-02-14", rules)).toBe(true);
    expect(isWorkingDay("2026-02-28", rules)).toBe(true);
    expect(isWorkingDay("2026-02-24", rules)).toBe(true);
  });

  it("falls back to the weekend rule for a year the calendar does not list", () => {
    expect(isWorkingDay("2027-10-01", rules)).toBe(true);
    expect(isWorkingDay("2027-10-02", rules)).toBe(false);
  });

  it("treats a personal leave range as off, inclusive at both ends", () => {
    const leave = [{ from: "2026-03-10", to: "2026-03-12" }];
    expect(isWorkingDay("2026-03-09", { calendar: cn, leave })).toBe(true);
    expect(isWorkingDay("2026-03-10", { calendar: cn, leave })).toBe(false);
    expect(isWorkingDay("2026-03-12", { calendar: cn, leave })).toBe(false);
    expect(isWorkingDay("2026-03-13", { calendar: cn, leave })).toBe(true);
    // Leave also wins over a make-up workday.
    expect(isWorkingDay("2026-10-10", { calendar: cn, leave: [{ from: "2026-10-10", to: "2026-10-10" }] })).toBe(false);
  });

  it("rejects malformed dates", () => {
    expect(() => isWorkingDay("2026-02-30", rules)).toThrow(RangeError);
  });
});

describe("isWorkingDay (de, us)", () => {
  it("uses each country's holidays", () => {
    expect(isWorkingDay("2026-04-03", { calendar: de })).toBe(false);
    expect(isWorkingDay("2026-04-03", { calendar: us })).toBe(true);
    expect(isWorkingDay("2026-07-03", { calendar: us })).toBe(false);
    expect(isWorkingDay("2026-10-01", { calendar: de })).toBe(true);
  });
});

describe("working-day arithmetic (cn)", () => {
  const rules = { calendar: cn };

  it("workingDaysBetween counts across National Day and its make-up Saturday", () => {
    // 10-01..07 off, 10-08 Thu, 10-09 Fri, 10-10 Sat (make-up), 10-11 Sun off, 10-12 Mon.
    expect(workingDaysBetween("2026-09-30", "2026-10-12", rules)).toBe(4);
    expect(workingDaysBetween("2026-09-30", "2026-10-07", rules)).toBe(0);
  });

  it("workingDaysBetween counts a make-up Sunday and excludes the start date", () => {
    // 09-19 Sat off, 09-20 Sun make-up, 09-21 Mon.
    expect(workingDaysBetween("2026-09-18", "2026-09-21", rules)).toBe(2);
    expect(workingDaysBetween("2026-09-21", "2026-09-21", rules)).toBe(0);
    expect(workingDaysBetween("2026-09-22", "2026-09-21", rules)).toBe(0);
  });

  it("workingDaysBetween leaves out personal leave", () => {
    const leave = [{ from: "2026-10-08", to: "2026-10-09" }];
    expect(workingDaysBetween("2026-09-30", "2026-10-12", { calendar: cn, leave })).toBe(2);
  });

  it("nextWorkingDay skips holidays and weekends but stops on make-up days", () => {
    expect(nextWorkingDay("2026-09-30", rules)).toBe("2026-10-08");
    expect(nextWorkingDay("2026-02-13", rules)).toBe("2026-02-14");
    expect(nextWorkingDay("2026-02-14", rules)).toBe("2026-02-24");
    expect(nextWorkingDay("2026-03-06", rules)).toBe("2026-03-09");
  });

  it("addWorkingDays moves forwards and backwards", () => {
    expect(addWorkingDays("2026-09-30", 4, rules)).toBe("2026-10-12");
    expect(addWorkingDays("2026-10-12", -4, rules)).toBe("2026-09-30");
    expect(addWorkingDays("2026-10-03", 0, rules)).toBe("2026-10-03");
    expect(() => addWorkingDays("2026-10-03", 1.5, rules)).toThrow(RangeError);
  });
});

describe("zonedTimeToInstant / localParts", () => {
  it("Asia/Shanghai has no DST: 09:00 is always 01:00Z", () => {
    for (const day of ["2026-03-07", "2026-03-08", "2026-03-29", "2026-10-25", "2026-11-01", "2026-11-02"]) {
      expect(iso(day, "09:00", "Asia/Shanghai"), day).toBe(`${day}T01:00:00.000Z`);
    }
  });

  it("Europe/Berlin around 2026-03-29 (CET → CEST)", () => {
    expect(iso("2026-03-28", "09:00", "Europe/Berlin")).toBe("2026-03-28T08:00:00.000Z");
    expect(iso("2026-03-29", "09:00", "Europe/Berlin")).toBe("2026-03-29T07:00:00.000Z");
    expect(iso("2026-03-30", "09:00", "Europe/Berlin")).toBe("2026-03-30T07:00:00.000Z");
    // 02:30 does not exist: the clock jumps from 02:00 CET to 03:00 CEST (01:00Z).
    expect(iso("2026-03-29", "02:30", "Europe/Berlin")).toBe("2026-03-29T01:00:00.000Z");
    expect(iso("2026-03-29", "01:59", "Europe/Berlin")).toBe("2026-03-29T00:59:00.000Z");
  });

  it("Europe/Berlin around 2026-10-25 (CEST → CET)", () => {
    expect(iso("2026-10-24", "09:00", "Europe/Berlin")).toBe("2026-10-24T07:00:00.000Z");
    expect(iso("2026-10-25", "09:00", "Europe/Berlin")).toBe("2026-10-25T08:00:00.000Z");
    expect(iso("2026-10-26", "09:00", "Europe/Berlin")).toBe("2026-10-26T08:00:00.000Z");
    // 02:30 happens twice (00:30Z CEST, 01:30Z CET): the earlier one wins.
    expect(iso("2026-10-25", "02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00.000Z");
  });

  it("America/New_York around 2026-03-08 (EST → EDT)", () => {
    expect(iso("2026-03-07", "09:00", "America/New_York")).toBe("2026-03-07T14:00:00.000Z");
    expect(iso("2026-03-08", "09:00", "America/New_York")).toBe("2026-03-08T13:00:00.000Z");
    expect(iso("2026-03-09", "09:00", "America/New_York")).toBe("2026-03-09T13:00:00.000Z");
    // 02:30 does not exist: it maps to 03:00 EDT, the first instant after the gap.
    const gap = zonedTimeToInstant("2026-03-08", "02:30", "America/New_York");
    expect(gap.toISOString()).toBe("2026-03-08T07:00:00.000Z");
    expect(localParts(gap, "America/New_York")).toEqual({ date: "2026-03-08", time: "03:00", weekday: 0 });
  });

  it("America/New_York around 2026-11-01 (EDT → EST)", () => {
    expect(iso("2026-10-31", "09:00", "America/New_York")).toBe("2026-10-31T13:00:00.000Z");
    expect(iso("2026-11-01", "09:00", "America/New_York")).toBe("2026-11-01T14:00:00.000Z");
    expect(iso("2026-11-02", "09:00", "America/New_York")).toBe("2026-11-02T14:00:00.000Z");
    // 01:30 happens twice (05:30Z EDT, 06:30Z EST): the earlier one wins.
    expect(iso("2026-11-01", "01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(localParts(at("2026-11-01T06:30:00Z"), "America/New_York").time).toBe("01:30");
  });

  it("Asia/Kolkata is UTC+05:30", () => {
    expect(iso("2026-06-01", "09:00", "Asia/Kolkata")).toBe("2026-06-01T03:30:00.000Z");
    expect(localParts(at("2026-06-01T18:29:00Z"), "Asia/Kolkata")).toEqual({ date: "2026-06-01", time: "23:59", weekday: 1 });
    expect(localParts(at("2026-06-01T18:30:00Z"), "Asia/Kolkata")).toEqual({ date: "2026-06-02", time: "00:00", weekday: 2 });
  });

  it("Australia/Lord_Howe's half-hour switches: the gap goes to its end, the overlap to the earlier instant", () => {
    // 2026-10-04 02:00 → 02:30 (+10:30 → +11:00): 02:15 does not exist.
    expect(iso("2026-10-04", "02:15", "Australia/Lord_Howe")).toBe("2026-10-03T15:30:00.000Z");
    expect(localParts(at("2026-10-03T15:30:00Z"), "Australia/Lord_Howe").time).toBe("02:30");
    // 2026-04-05 02:00 → 01:30 (+11:00 → +10:30): 01:45 happens twice.
    expect(iso("2026-04-05", "01:45", "Australia/Lord_Howe")).toBe("2026-04-04T14:45:00.000Z");
    expect(localParts(at("2026-04-04T15:15:00Z"), "Australia/Lord_Howe").time).toBe("01:45");
  });

  it("gives the same answers when asked again and again for one instant (as a fan-out tick does)", () => {
    const first = dueLocalTimes(at("2026-03-08T06:00:00Z"), at("2026-03-08T08:00:00Z"), "02:30", "America/New_York");
    expect(first).toEqual([{ date: "2026-03-08", instant: at("2026-03-08T07:00:00Z") }]);
    for (let i = 0; i < 5_000; i++) expect(localParts(at("2026-03-08T07:00:00Z"), "America/New_York").time).toBe("03:00");
    expect(dueLocalTimes(at("2026-03-08T06:00:00Z"), at("2026-03-08T08:00:00Z"), "02:30", "America/New_York")).toEqual(first);
  });

  it("localParts round-trips with zonedTimeToInstant", () => {
    const instant = zonedTimeToInstant("2026-12-31", "23:45", "America/New_York");
    expect(localParts(instant, "America/New_York")).toEqual({ date: "2026-12-31", time: "23:45", weekday: 4 });
    expect(localParts(instant, "Asia/Shanghai")).toEqual({ date: "2027-01-01", time: "12:45", weekday: 5 });
  });

  it("rejects malformed input and unknown zones", () => {
    expect(() => zonedTimeToInstant("2026-02-30", "09:00", "Asia/Shanghai")).toThrow(RangeError);
    expect(() => zonedTimeToInstant("2026-03-01", "24:00", "Asia/Shanghai")).toThrow(RangeError);
    expect(() => zonedTimeToInstant("2026-03-01", "9:00", "Asia/Shanghai")).toThrow(RangeError);
    expect(() => zonedTimeToInstant("2026-03-01", "09:00", "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("isWithinWorkHours", () => {
  const berlin = { timeZone: "Europe/Berlin", workStart: "09:00", workEnd: "18:00", calendar: de, leave: [] };

  it("is inclusive at work start and exclusive at work end (Berlin, Monday after the spring switch)", () => {
    expect(isWithinWorkHours(at("2026-03-30T06:59:00Z"), berlin)).toBe(false);
    expect(isWithinWorkHours(at("2026-03-30T07:00:00Z"), berlin)).toBe(true);
    expect(isWithinWorkHours(at("2026-03-30T15:59:00Z"), berlin)).toBe(true);
    expect(isWithinWorkHours(at("2026-03-30T16:00:00Z"), berlin)).toBe(false);
  });

  it("uses the winter offset after the autumn switch (New York)", () => {
    const ny = { timeZone: "America/New_York", workStart: "09:00", workEnd: "18:00", calendar: us };
    expect(isWithinWorkHours(at("2026-11-02T13:30:00Z"), ny)).toBe(false);
    expect(isWithinWorkHours(at("2026-11-02T14:00:00Z"), ny)).toBe(true);
    expect(isWithinWorkHours(at("2026-11-02T22:59:00Z"), ny)).toBe(true);
    expect(isWithinWorkHours(at("2026-11-02T23:00:00Z"), ny)).toBe(false);
  });

  it("is false on holidays and leave, true on a make-up Saturday (Shanghai)", () => {
    const sh = { timeZone: "Asia/Shanghai", workStart: "09:00", workEnd: "18:00", calendar: cn };
    expect(isWithinWorkHours(at("2026-10-05T02:00:00Z"), sh)).toBe(false);
    expect(isWithinWorkHours(at("2026-10-10T02:00:00Z"), sh)).toBe(true);
    expect(isWithinWorkHours(at("2026-10-12T02:00:00Z"), { ...sh, leave: [{ from: "2026-10-12", to: "2026-10-12" }] })).toBe(false);
  });

  it("rejects a work end that is not after the work start", () => {
    expect(() => isWithinWorkHours(at("2026-03-30T07:00:00Z"), { ...berlin, workEnd: "09:00" })).toThrow(RangeError);
  });
});

describe("nextWorkStart", () => {
  const sh = { timeZone: "Asia/Shanghai", workStart: "09:00", calendar: cn };

  it("skips National Day week to 09:00 on 2026-10-08", () => {
    expect(nextWorkStart(at("2026-09-30T02:00:00Z"), sh).toISOString()).toBe("2026-10-08T01:00:00.000Z");
  });

  it("returns today's start when it is still ahead or exactly now", () => {
    expect(nextWorkStart(at("2026-09-30T00:00:00Z"), sh).toISOString()).toBe("2026-09-30T01:00:00.000Z");
    expect(nextWorkStart(at("2026-09-30T01:00:00Z"), sh).toISOString()).toBe("2026-09-30T01:00:00.000Z");
  });

  it("finds a make-up Sunday", () => {
    expect(nextWorkStart(at("2026-09-19T04:00:00Z"), sh).toISOString()).toBe("2026-09-20T01:00:00.000Z");
  });

  it("uses the zone's own date and offset (New York, weekend of the spring switch)", () => {
    const ny = { timeZone: "America/New_York", workStart: "09:00", calendar: us };
    expect(nextWorkStart(at("2026-03-06T23:00:00Z"), ny).toISOString()).toBe("2026-03-09T13:00:00.000Z");
  });
});

describe("dueLocalTimes", () => {
  it("a one-minute window fires only when the local time is inside (previous tick, now]", () => {
    const due = dueLocalTimes(at("2026-10-08T00:59:00Z"), at("2026-10-08T01:00:00Z"), "09:00", "Asia/Shanghai");
    expect(due).toEqual([{ date: "2026-10-08", instant: at("2026-10-08T01:00:00Z") }]);
    expect(dueLocalTimes(at("2026-10-08T01:00:00Z"), at("2026-10-08T01:01:00Z"), "09:00", "Asia/Shanghai")).toEqual([]);
    expect(dueLocalTimes(at("2026-10-08T00:58:00Z"), at("2026-10-08T00:59:00Z"), "09:00", "Asia/Shanghai")).toEqual([]);
  });

  it("a week-long window yields seven dates, each once", () => {
    const due = dueLocalTimes(at("2026-03-02T00:00:00Z"), at("2026-03-09T00:00:00Z"), "09:00", "Asia/Shanghai");
    expect(due.map((d) => d.date)).toEqual([
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
    ]);
    expect(due.map((d) => d.instant.toISOString().slice(11, 16))).toEqual(Array(7).fill("01:00"));
  });

  it("a week crossing the Berlin spring switch keeps 09:00 local on each date", () => {
    const due = dueLocalTimes(at("2026-03-26T00:00:00Z"), at("2026-04-02T00:00:00Z"), "09:00", "Europe/Berlin");
    expect(due.map((d) => `${d.date} ${d.instant.toISOString().slice(11, 16)}`)).toEqual([
      "2026-03-26 08:00",
      "2026-03-27 08:00",
      "2026-03-28 08:00",
      "2026-03-29 07:00",
      "2026-03-30 07:00",
      "2026-03-31 07:00",
      "2026-04-01 07:00",
    ]);
  });

  it("maps a non-existent time to the end of the gap (New York, 02:30 on 2026-03-08)", () => {
    const due = dueLocalTimes(at("2026-03-07T00:00:00Z"), at("2026-03-10T00:00:00Z"), "02:30", "America/New_York");
    expect(due).toEqual([
      { date: "2026-03-07", instant: at("2026-03-07T07:30:00Z") },
      { date: "2026-03-08", instant: at("2026-03-08T07:00:00Z") },
      { date: "2026-03-09", instant: at("2026-03-09T06:30:00Z") },
    ]);
  });

  it("fires an ambiguous time once, at the earlier instant (New York, 01:30 on 2026-11-01)", () => {
    const due = dueLocalTimes(at("2026-11-01T00:00:00Z"), at("2026-11-01T12:00:00Z"), "01:30", "America/New_York");
    expect(due).toEqual([{ date: "2026-11-01", instant: at("2026-11-01T05:30:00Z") }]);
    // The repeated 01:30 (06:30Z) does not fire again.
    expect(dueLocalTimes(at("2026-11-01T06:00:00Z"), at("2026-11-01T07:00:00Z"), "01:30", "America/New_York")).toEqual([]);
  });

  it("minute-by-minute ticks across both New York switch days fire each date exactly once", () => {
    for (const [from, localTime, expected] of [
      ["2026-03-07T00:00:00Z", "02:30", ["2026-03-07T07:30", "2026-03-08T07:00", "2026-03-09T06:30"]],
      ["2026-10-31T00:00:00Z", "01:30", ["2026-10-31T05:30", "2026-11-01T05:30", "2026-11-02T06:30"]],
    ] as const) {
      const fired: string[] = [];
      const start = Date.parse(from);
      for (let t = start; t < start + 3 * 86_400_000; t += 60_000) {
        for (const due of dueLocalTimes(new Date(t), new Date(t + 60_000), localTime, "America/New_York")) {
          fired.push(due.instant.toISOString().slice(0, 16));
        }
      }
      expect(fired).toEqual(expected);
    }
  });

  it("returns nothing for an empty or inverted window", () => {
    expect(dueLocalTimes(at("2026-10-08T01:00:00Z"), at("2026-10-08T01:00:00Z"), "09:00", "Asia/Shanghai")).toEqual([]);
    expect(dueLocalTimes(at("2026-10-09T01:00:00Z"), at("2026-10-08T00:00:00Z"), "09:00", "Asia/Shanghai")).toEqual([]);
  });
});
