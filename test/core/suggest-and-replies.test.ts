import { describe, expect, it } from "vitest";
import { readReply } from "../../src/core/pending.js";
import { editDistance, suggest } from "../../src/core/suggest.js";

const COMMANDS = [
  "help",
  "whoami",
  "project show",
  "project list",
  "project use",
  "project create",
  "member list",
  "member add",
  "member role",
  "member remove",
  "team list",
  "team create",
  "项目 列表",
  "成员 添加",
];

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions by code point", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("help", "help")).toBe(0);
    expect(editDistance("help", "halp")).toBe(1);
    expect(editDistance("whoami", "whoamii")).toBe(1);
    expect(editDistance("membr", "member")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("项目列表", "项目 列表")).toBe(1);
    expect(editDistance("abc", "")).toBe(3);
  });

  it("counts a swap of two neighbours as one edit", () => {
    expect(editDistance("hlep", "help")).toBe(1);
    expect(editDistance("memebr", "member")).toBe(1);
  });
});

describe("suggest", () => {
  it("suggests the command a typo was meant to be", () => {
    expect(suggest("halp", COMMANDS)[0]).toBe("help");
    expect(suggest("hlep", COMMANDS)[0]).toBe("help");
    expect(suggest("whoamii", COMMANDS)).toEqual(["whoami"]);
    expect(suggest("membr add", COMMANDS)).toEqual(["member add"]);
    expect(suggest("projct list", COMMANDS)).toEqual(["project list"]);
    expect(suggest("member ad", COMMANDS)).toEqual(["member add"]);
  });

  it("suggests commands the typed words are a prefix of, at most three", () => {
    const mem = suggest("mem", COMMANDS);
    expect(mem).toHaveLength(3);
    for (const s of mem) expect(s.startsWith("member ")).toBe(true);
    expect(suggest("team", COMMANDS)).toEqual(["team create", "team list"]);
    expect(suggest("wh", COMMANDS)).toEqual(["whoami"]);
    expect(suggest("mem", COMMANDS, 10).slice(0, 4)).toEqual(["member add", "member list", "member remove", "member role"]);
  });

  it("is case-insensitive and ignores surrounding spaces", () => {
    expect(suggest("  WHOAMI ", COMMANDS)).toEqual(["whoami"]);
  });

  it("suggests Chinese commands too", () => {
    expect(suggest("项目 列", COMMANDS)).toEqual(["项目 列表"]);
    expect(suggest("成员", COMMANDS)).toEqual(["成员 添加"]);
  });

  it("suggests nothing for nonsense or an empty line", () => {
    expect(suggest("xyzzy qwerty", COMMANDS)).toEqual([]);
    expect(suggest("banana", COMMANDS)).toEqual([]);
    expect(suggest("deploy everything now", COMMANDS)).toEqual([]);
    expect(suggest("   ", COMMANDS)).toEqual([]);
  });
});

describe("readReply", () => {
  it.each(["y", "yes", "YES", " Yes ", "ok", "OK", "confirm", "yes.", "yes!", "是", "是的", "好", "好的", "好的。", "确认", "确定", "对", "是！"])("%j is yes", (text) => {
    expect(readReply(text)).toEqual({ kind: "yes" });
  });

  it.each(["n", "no", "No", "cancel", "no.", "否", "不", "不是", "取消", "算了", "取消。", "算了！"])("%j is no", (text) => {
    expect(readReply(text)).toEqual({ kind: "no" });
  });

  it.each([
    ["2", 2],
    [" 2 ", 2],
    ["２", 2],
    ["１２", 12],
    ["2.", 2],
    ["2。", 2],
    ["3!", 3],
    ["0", 0],
    ["10", 10],
  ] as const)("%j is the number %d", (text, n) => {
    expect(readReply(text)).toEqual({ kind: "number", n });
  });

  it.each(["", "maybe", "yes please", "2 please", "第2个", "100", "2..", "-1", "1.5", "两", "好的好的"])("%j is none of these", (text) => {
    expect(readReply(text)).toBeNull();
  });
});
