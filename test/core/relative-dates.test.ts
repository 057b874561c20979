import { describe, expect, it } from "vitest";
import { z } from "zod";
import { translator } from "../../src/core/i18n.js";
import { dateArg, dateOrNoneArg, isRelativeDate, localDate, resolveDate, resolveLeadingDate, showDate, withToday } from "../../src/core/relative-dates.js";

// Wednesday 2026-12-09: the middle of a week.
const WED = "2026-12-09";
// Sunday 2026-12-13: the last day of a Monday–Sunday week.
const SUN = "2026-12-13";
// Wednesday 2026-12-30: the week runs into 2027.
const YEAR_END = "2026-12-30";

describe("resolveDate: every phrase, both languages", () => {
  it("written dates stay as they are; other text is not a date", () => {
    expect(resolveDate("2027-03-01", WED)).toBe("2027-03-01");
    expect(resolveDate(" 2027-03-01 ", WED)).toBe("2027-03-01");
    for (const text of ["2027-02-30", "soon", "下下周五", "周八", "next", "", "fri day"]) expect(resolveDate(text, WED), text).toBeNull();
  });

  it("today, tomorrow and the day after", () => {
    for (const [text, date] of [["今天", WED], ["today", WED], ["TODAY", WED], ["明天", "2026-12-10"], ["Tomorrow", "2026-12-10"], ["后天", "2026-12-11"]] as const) {
      expect(resolveDate(text, WED), text).toBe(date);
    }
  });

  it("a bare weekday is its next occurrence, today included", () => {
    const expected: Record<string, string> = { 周一: "2026-12-14", 周二: "2026-12-15", 周三: WED, 周四: "2026-12-10", 周五: "2026-12-11", 周六: "2026-12-12", 周日: "2026-12-13", 周天: "2026-12-13", 星期五: "2026-12-11" };
    for (const [text, date] of Object.entries(expected)) expect(resolveDate(text, WED), text).toBe(date);
    const english: Record<string, string> = { monday: "2026-12-14", tuesday: "2026-12-15", wednesday: WED, thursday: "2026-12-10", friday: "2026-12-11", saturday: "2026-12-12", sunday: "2026-12-13", FRI: "2026-12-11", Mon: "2026-12-14" };
    for (const [text, date] of Object.entries(english)) expect(resolveDate(text, WED), text).toBe(date);
  });

  it("本周X / this X is this Monday–Sunday week's day, even when it has passed", () => {
    const expected: Record<string, string> = { 本周一: "2026-12-07", 本周三: WED, 本周五: "2026-12-11", 本周日: "2026-12-13", 这周二: "2026-12-08", "this monday": "2026-12-07", "This Friday": "2026-12-11", "this sunday": "2026-12-13" };
    for (const [text, date] of Object.entries(expected)) expect(resolveDate(text, WED), text).toBe(date);
  });

  it("下周X / next X is next week's day", () => {
    const expected: Record<string, string> = { 下周一: "2026-12-14", 下周三: "2026-12-16", 下周五: "2026-12-18", 下周日: "2026-12-20", 下星期二: "2026-12-15", "next monday": "2026-12-14", "NEXT FRIDAY": "2026-12-18", "next  sunday": "2026-12-20", "next fri": "2026-12-18" };
    for (const [text, date] of Object.entries(expected)) expect(resolveDate(text, WED), text).toBe(date);
  });

  it("across a week boundary: on a Sunday, 本周 is the week ending today and 周一 is tomorrow", () => {
    expect(resolveDate("本周一", SUN)).toBe("2026-12-07");
    expect(resolveDate("本周日", SUN)).toBe(SUN);
    expect(resolveDate("this sunday", SUN)).toBe(SUN);
    expect(resolveDate("周一", SUN)).toBe("2026-12-14");
    expect(resolveDate("monday", SUN)).toBe("2026-12-14");
    expect(resolveDate("下周一", SUN)).toBe("2026-12-14");
    expect(resolveDate("next monday", SUN)).toBe("2026-12-14");
    expect(resolveDate("下周日", SUN)).toBe("2026-12-20");
    expect(resolveDate("明天", SUN)).toBe("2026-12-14");
    expect(resolveDate("周日", SUN)).toBe(SUN);
  });

  it("across a year boundary", () => {
    expect(resolveDate("明天", YEAR_END)).toBe("2026-12-31");
    expect(resolveDate("后天", YEAR_END)).toBe("2027-01-01");
    expect(resolveDate("tomorrow", "2026-12-31")).toBe("2027-01-01");
    expect(resolveDate("周五", YEAR_END)).toBe("2027-01-01");
    expect(resolveDate("friday", YEAR_END)).toBe("2027-01-01");
    expect(resolveDate("本周日", YEAR_END)).toBe("2027-01-03");
    expect(resolveDate("this sunday", YEAR_END)).toBe("2027-01-03");
    expect(resolveDate("下周一", YEAR_END)).toBe("2027-01-04");
    expect(resolveDate("next monday", YEAR_END)).toBe("2027-01-04");
    expect(resolveDate("本周一", "2027-01-01")).toBe("2026-12-28");
    expect(resolveDate("this monday", "2027-01-01")).toBe("2026-12-28");
  });

  it("knows relative phrases from written dates", () => {
    expect(isRelativeDate("明天")).toBe(true);
    expect(isRelativeDate("next friday")).toBe(true);
    expect(isRelativeDate("2026-12-11")).toBe(false);
    expect(isRelativeDate("soon")).toBe(false);
  });

  it("reads a phrase at the head of a due date with a time, and leaves other text alone", () => {
    expect(resolveLeadingDate("明天 18:00", WED)).toBe("2026-12-10 18:00");
    expect(resolveLeadingDate("next friday", WED)).toBe("2026-12-18");
    expect(resolveLeadingDate("2026-12-20 18:00", WED)).toBe("2026-12-20 18:00");
    expect(resolveLeadingDate("3d", WED)).toBe("3d");
  });
});

describe("the local date and how replies show a date", () => {
  it("the local date follows the time zone, not UTC (near midnight)", () => {
    const at = new Date("2026-12-09T17:30:00Z");
    expect(localDate(at, "Asia/Shanghai")).toBe("2026-12-10");
    expect(localDate(at, "Europe/Berlin")).toBe("2026-12-09");
    expect(localDate(new Date("2026-12-31T23:30:00Z"), "Asia/Shanghai")).toBe("2027-01-01");
    expect(localDate(new Date("2027-01-01T03:00:00Z"), "America/Los_Angeles")).toBe("2026-12-31");
  });

  it("shows the weekday in each language", () => {
    expect(showDate("2026-12-11", translator("zh-CN"))).toBe("2026-12-11（周五）");
    expect(showDate("2026-12-11", translator("en"))).toBe("Fri 2026-12-11");
    expect(showDate("2027-01-03", translator("zh-CN"))).toBe("2027-01-03（周日）");
  });
});

describe("date arguments", () => {
  const schema = z.object({ due: dateArg().optional(), golive: dateArg({ notPast: true }).optional(), date: dateOrNoneArg({ notPast: true }).optional() });

  it("resolve phrases against the day the parse runs in", () => {
    expect(withToday(WED, () => schema.parse({ due: "下周五" }))).toEqual({ due: "2026-12-18" });
    expect(withToday(YEAR_END, () => schema.parse({ due: "next monday" }))).toEqual({ due: "2027-01-04" });
    expect(withToday(WED, () => schema.parse({ date: "none" }))).toEqual({ date: null });
    expect(withToday(WED, () => schema.parse({ date: "无" }))).toEqual({ date: null });
  });

  it("refuse a date that is no date, and a past date where the argument must not be one", () => {
    const bad = withToday(WED, () => schema.safeParse({ due: "soon" }));
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain("args.problem.date_word");
    const past = withToday(WED, () => schema.safeParse({ golive: "2026-12-08" }));
    expect(JSON.stringify(past.error?.issues)).toContain("args.problem.date_past");
    expect(withToday(WED, () => schema.safeParse({ golive: "今天" })).success).toBe(true);
    expect(withToday(WED, () => schema.safeParse({ golive: "本周一" })).success).toBe(false);
    expect(withToday(WED, () => schema.safeParse({ due: "2026-12-01" })).success).toBe(true);
  });
});
