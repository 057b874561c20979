import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/raci/csv.js";
import { formatDue, parseDue } from "../../src/raci/due.js";
import { readSnooze, readStatus, readTaskKey, splitPeople } from "../../src/raci/model.js";

describe("RFC 4180 CSV", () => {
  it("reads quoted fields with delimiters, doubled quotes and line breaks, and numbers records by their first line", () => {
    const result = parseCsv('key,title,R\r\nT-1,"Import, then ""verify""",a\r\n,"two\nlines",b\n\n,last,c');
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ["key", "title", "R"] },
        { line: 2, fields: ["T-1", 'Import, then "verify"', "a"] },
        { line: 3, fields: ["", "two\nlines", "b"] },
        { line: 6, fields: ["", "last", "c"] },
      ],
    });
  });

  it("takes tab-separated cells pasted from a spreadsheet, and drops a BOM", () => {
    expect(parseCsv("\uFEFFkey\ttitle\nT-1\tMigrate, then check")).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ["key", "title"] },
        { line: 2, fields: ["T-1", "Migrate, then check"] },
      ],
    });
  });

  it("names the line of a quote that never ends", () => {
    expect(parseCsv('a,b\n1,2\n3,"oops\n4,5')).toEqual({ ok: false, line: 3, problem: "unterminated_quote" });
  });

  it("keeps a stray quote inside an unquoted field and allows spaces before a quoted one", () => {
    const result = parseCsv('a,b\n5" screen, "x, y"');
    expect(result.ok && result.records[1]?.fields).toEqual(['5" screen', "x, y"]);
  });
});

describe("due dates", () => {
  it("reads a date as the end of that day in the project's zone", () => {
    const due = parseDue("2026-06-12", "Asia/Shanghai", "2026-06-10");
    expect(due).toEqual({ date: "2026-06-12", time: null, at: new Date("2026-06-12T16:00:00.000Z") });
  });

  it("reads date-times, Chinese dates, relative days and explicit zones", () => {
    expect(parseDue("2026-06-12 18:00", "Asia/Shanghai", "2026-06-10")?.at.toISOString()).toBe("2026-06-12T10:00:00.000Z");
    expect(parseDue("2026年6月2日", "Asia/Shanghai", "2026-06-10")?.date).toBe("2026-06-02");
    expect(parseDue("明天", "Asia/Shanghai", "2026-06-10")?.date).toBe("2026-06-11");
    expect(parseDue("+3d", "Asia/Shanghai", "2026-06-10")?.date).toBe("2026-06-13");
    const zoned = parseDue("2026-06-12T09:00+02:00", "Asia/Shanghai", "2026-06-10");
    expect(zoned).toMatchObject({ date: "2026-06-12", time: "15:00" });
    expect(formatDue(zoned?.date ?? null, zoned?.time ?? null)).toBe("2026-06-12 15:00");
  });

  it("refuses what is not a date", () => {
    for (const text of ["2026-02-30", "someday", "2026-06-12 25:00", ""]) expect(parseDue(text, "Asia/Shanghai", "2026-06-10")).toBeNull();
  });
});

describe("typed words", () => {
  it("reads keys, statuses, snoozes and people lists", () => {
    expect(readTaskKey("t7")).toBe("T-7");
    expect(readTaskKey("T-0012")).toBe("T-12");
    expect(readTaskKey("B-3")).toBeNull();
    expect(readStatus("in progress")).toBe("in_progress");
    expect(readStatus("进行中")).toBe("in_progress");
    expect(readStatus("later")).toBeNull();
    expect(readSnooze("1d")).toEqual({ kind: "days", n: 1 });
    expect(readSnooze("2天")).toEqual({ kind: "days", n: 2 });
    expect(readSnooze("2026-06-22")).toEqual({ kind: "date", date: "2026-06-22" });
    expect(readSnooze("off")).toEqual({ kind: "off" });
    expect(readSnooze("0d")).toBeNull();
    expect(splitPeople("a@x.com; 刘洋、Anna Schmidt；@tom")).toEqual(["a@x.com", "刘洋", "Anna Schmidt", "@tom"]);
  });
});
