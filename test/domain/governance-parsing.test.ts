import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/command.js";
import { readAmount, readDays } from "../../src/governance/change-store.js";
import { holidayOn } from "../../src/calendar/working-time.js";
import { agendaSlot, isoWeekday, nextMeetingDate, readMeetingTime, readWeekday } from "../../src/governance/meeting-time.js";
import { exposure, levelName, readKey, readLevel } from "../../src/governance/model.js";
import { readDue } from "../../src/governance/tasks.js";

const refused = (f: () => unknown, key: string) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).key).toBe(key);
    return;
  }
  throw new Error("not refused");
};

describe("governance parsing", () => {
  it("levels: words in both languages, anything else refused naming the option", () => {
    expect([readLevel("High", "impact"), readLevel("中", "impact"), readLevel("l", "likelihood")]).toEqual([3, 2, 1]);
    refused(() => readLevel("5", "impact"), "governance.errors.bad_level");
    expect(levelName(3)).toBe("high");
    expect(exposure({ impact: 3, likelihood: 2 })).toBe(6);
  });

  it("keys: R-3, r3 and 3 read the same; another prefix is refused", () => {
    expect([readKey("R-3", "R"), readKey("r3", "R"), readKey(" 3 ", "R"), readKey("cr-12", "CR")]).toEqual([3, 3, 3, 12]);
    refused(() => readKey("CR-1", "R"), "governance.errors.bad_risk_key");
    refused(() => readKey("R-1", "CR"), "governance.errors.bad_change_key");
  });

  it("change impacts: whole working days, amounts with separators", () => {
    expect(readDays("5")).toBe(5);
    refused(() => readDays("-1"), "governance.errors.bad_days");
    refused(() => readDays("1.5"), "governance.errors.bad_days");
    expect([readAmount("20,000"), readAmount("1500.50"), readAmount("0")]).toEqual(["20000", "1500.50", "0"]);
    refused(() => readAmount("-5"), "governance.errors.bad_cost");
    refused(() => readAmount("lots"), "governance.errors.bad_cost");
  });

  it("due dates: a real date, optionally a time", () => {
    expect(readDue("2026-12-18")).toEqual({ date: "2026-12-18", time: null });
    expect(readDue("2026-12-18 17:00")).toEqual({ date: "2026-12-18", time: "17:00" });
    expect(readDue(undefined)).toBeNull();
    refused(() => readDue("2026-02-30"), "governance.errors.bad_due");
  });

  it("meeting times: weekdays in both languages, HH:MM, the next occurrence, the agenda an hour before", () => {
    expect([readWeekday("wed"), readWeekday("Wednesday"), readWeekday("3"), readWeekday("周三"), readWeekday("星期日")]).toEqual([3, 3, 3, 3, 7]);
    refused(() => readWeekday("someday"), "governance.errors.bad_weekday");
    expect([readMeetingTime("9:30"), readMeetingTime("10：00")]).toEqual(["09:30", "10:00"]);
    refused(() => readMeetingTime("25:00"), "governance.errors.bad_time");
    expect(isoWeekday("2026-12-06")).toBe(7);
    expect(nextMeetingDate("2026-12-09", "09:00", 3, "10:00")).toBe("2026-12-09");
    expect(nextMeetingDate("2026-12-09", "11:00", 3, "10:00")).toBe("2026-12-16");
    expect(nextMeetingDate("2026-12-07", "11:00", 5, "10:00")).toBe("2026-12-11");
    const calendar = { id: "x", name: "x", weekend: [0, 6], years: { "2027": { holidays: [{ from: "2027-01-01", to: "2027-01-03", name: "元旦" }], workdays: [] } } };
    const hours = { calendar: calendar as never, workStart: "09:00", workEnd: "18:00" };
    // One working hour before: the same morning, or the end of the previous working day (over a weekend and a holiday).
    expect(agendaSlot("2026-12-09", "10:00", hours)).toEqual({ date: "2026-12-09", time: "09:00" });
    expect(agendaSlot("2026-12-09", "09:30", hours)).toEqual({ date: "2026-12-08", time: "17:30" });
    expect(agendaSlot("2027-01-04", "09:00", hours)).toEqual({ date: "2026-12-31", time: "17:00" });
    expect(agendaSlot("2026-12-09", "20:00", hours)).toEqual({ date: "2026-12-09", time: "19:00" });
    expect(holidayOn(calendar as never, "2027-01-02")).toBe("元旦");
    expect(holidayOn(calendar as never, "2027-01-04")).toBeNull();
  });
});
