import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand, type AnyCommandSpec } from "../../src/core/command.js";
import { CommandRegistry, normalizeLine, parseCommandLine, tokenize, type ParseOutcome } from "../../src/core/parse.js";


const memberList = defineCommand({
  name: "member",
  aliases: ["成员"],
  summary: "commands.member_list.summary",
  args: z.object({ role: z.string().optional() }),
  examples: ["member"],
  permission: "member",
  run: () => "members",
});

const memberAdd = defineCommand({
  name: "member add",
  aliases: ["成员 添加"],
  summary: "commands.member_add.summary",
  args: z.object({ who: z.string().min(1), role: z.enum(["member", "pm"]).default("member"), notify: z.boolean().optional() }),
  positional: ["who"],
  examples: ["member add anna --role pm"],
  permission: "pm",
  run: () => "added",
});

const standupSkip = defineCommand({
  name: "standup skip",
  aliases: ["站会 跳过"],
  summary: "commands.help.summary",
  args: z.object({ reason: z.string().max(40).optional(), date: z.iso.date().optional(), yesterday: z.boolean().optional() }),
  positional: ["reason"],
  short: { y: "yesterday" },
  examples: ["standup skip", "standup skip \"on leave\" --date 2026-12-01"],
  permission: "member",
  run: () => "skipped",
});

const teamNote = defineCommand({
  name: "team note",
  summary: "commands.help.summary",
  args: z.object({ team: z.string(), note: z.string() }),
  positional: ["team", "note"],
  examples: ["team note sales everyone is at the offsite"],
  permission: "member",
  run: () => "noted",
});

const specs = [memberList, memberAdd, standupSkip, teamNote] as unknown as AnyCommandSpec[];
const registry = new CommandRegistry(specs);

function ok(outcome: ParseOutcome): { spec: AnyCommandSpec; args: Record<string, unknown> } {
  if (!outcome.ok) throw new Error(`expected a parse, got ${JSON.stringify({ ...outcome, spec: undefined })}`);
  return { spec: outcome.spec, args: outcome.args as Record<string, unknown> };
}

function problems(outcome: ParseOutcome): string[] {
  if (outcome.ok || outcome.reason !== "bad_args") throw new Error(`expected bad_args, got ${outcome.ok ? "ok" : outcome.reason}`);
  return outcome.problems;
}

describe("tokenize", () => {
  it("splits on whitespace, including full-width spaces and tabs", () => {
    expect(tokenize("  member   add\tanna　pm ")).toEqual(["member", "add", "anna", "pm"]);
  });

  it("keeps \"double\" and 'single' quoted words together", () => {
    expect(tokenize(`standup skip "on leave today" 'back monday'`)).toEqual(["standup", "skip", "on leave today", "back monday"]);
  });

  it("keeps “curly” and ‘curly single’ quoted Chinese text together", () => {
    expect(tokenize("站会 跳过 “家里 有事” ‘明天 回来’")).toEqual(["站会", "跳过", "家里 有事", "明天 回来"]);
  });

  it("handles mixed Chinese and Latin words and an empty quoted word", () => {
    expect(tokenize(`成员 添加 张敏 --role "" ok`)).toEqual(["成员", "添加", "张敏", "--role", "", "ok"]);
  });

  it("keeps a quoted value after = in the same token", () => {
    expect(tokenize(`standup skip --reason="on leave"`)).toEqual(["standup", "skip", "--reason=on leave"]);
  });

  it("treats an apostrophe inside a word as a letter, not as an opening quote", () => {
    expect(tokenize("project create Bob's CRM roll-out")).toEqual(["project", "create", "Bob's", "CRM", "roll-out"]);
  });

  it("an unclosed quote runs to the end of the line", () => {
    expect(tokenize(`standup skip "on leave`)).toEqual(["standup", "skip", "on leave"]);
  });
});

describe("normalizeLine", () => {
  it("drops a leading ASCII or full-width slash", () => {
    expect(normalizeLine(" /member add x")).toBe("member add x");
    expect(normalizeLine("／成员")).toBe("成员");
    expect(normalizeLine("member / x")).toBe("member / x");
  });
});

describe("parseCommandLine: flags", () => {
  it("reads --flag value", () => {
    expect(ok(parseCommandLine(registry, "member add anna --role pm")).args).toEqual({ who: "anna", role: "pm" });
  });

  it("reads --flag=value", () => {
    expect(ok(parseCommandLine(registry, "member add anna --role=pm")).args).toEqual({ who: "anna", role: "pm" });
  });

  it("reads a bare --flag as true (at the end and before another flag)", () => {
    expect(ok(parseCommandLine(registry, "member add anna --notify")).args).toEqual({ who: "anna", role: "member", notify: true });
    expect(ok(parseCommandLine(registry, "member add anna --notify --role pm")).args).toEqual({ who: "anna", role: "pm", notify: true });
  });

  it("reads —flag (an em dash from a Chinese input method) like --flag", () => {
    expect(ok(parseCommandLine(registry, "成员 添加 张敏 —role pm")).args).toEqual({ who: "张敏", role: "pm" });
    expect(ok(parseCommandLine(registry, "standup skip —date=2026-12-01")).args).toEqual({ date: "2026-12-01" });
  });

  it("maps short flags through the spec's short map", () => {
    expect(ok(parseCommandLine(registry, "standup skip -y")).args).toEqual({ yesterday: true });
    expect(ok(parseCommandLine(registry, "standup skip -y --date 2026-12-01")).args).toEqual({ yesterday: true, date: "2026-12-01" });
  });

  it("reports an unknown short flag", () => {
    expect(problems(parseCommandLine(registry, "standup skip -z"))).toEqual(["-z is not an option of this command"]);
  });

  it("reports an unknown long flag", () => {
    expect(problems(parseCommandLine(registry, "member add anna --colour red"))).toEqual(["--colour is not an option of this command"]);
  });
});

describe("parseCommandLine: positionals", () => {
  it("the last positional takes the rest of the line", () => {
    expect(ok(parseCommandLine(registry, "team note sales everyone is at the offsite")).args).toEqual({ team: "sales", note: "everyone is at the offsite" });
    expect(ok(parseCommandLine(registry, "standup skip feeling unwell today")).args).toEqual({ reason: "feeling unwell today" });
  });

  it("flags may come before the positional words", () => {
    expect(ok(parseCommandLine(registry, "member add --role pm 张敏")).args).toEqual({ who: "张敏", role: "pm" });
  });

  it("a quoted positional keeps its spaces", () => {
    expect(ok(parseCommandLine(registry, `team note "sales east" “客户 拜访”`)).args).toEqual({ team: "sales east", note: "客户 拜访" });
  });

  it("a command without positionals refuses extra words", () => {
    const [problem] = problems(parseCommandLine(registry, "member anna"));
    expect(problem).toContain("anna");
  });
});

describe("parseCommandLine: command words", () => {
  it("the longest command match wins", () => {
    expect(ok(parseCommandLine(registry, "member add anna")).spec).toBe(memberAdd);
    expect(ok(parseCommandLine(registry, "member --role pm")).spec).toBe(memberList);
    expect(ok(parseCommandLine(registry, "成员 添加 张敏")).spec).toBe(memberAdd);
    expect(ok(parseCommandLine(registry, "成员")).spec).toBe(memberList);
  });

  it("matches command words case-insensitively", () => {
    expect(ok(parseCommandLine(registry, "Member ADD anna")).spec).toBe(memberAdd);
  });

  it("matches a Chinese alias with and without the space", () => {
    const spaced = ok(parseCommandLine(registry, "站会 跳过 家里有事"));
    const joined = ok(parseCommandLine(registry, "站会跳过 家里有事"));
    expect(spaced.spec).toBe(standupSkip);
    expect(joined.spec).toBe(standupSkip);
    expect(joined.args).toEqual({ reason: "家里有事" });
    expect(ok(parseCommandLine(registry, "成员添加 张敏")).spec).toBe(memberAdd);
  });

  it("ignores a leading / or ／", () => {
    expect(ok(parseCommandLine(registry, "/member add anna")).spec).toBe(memberAdd);
    expect(ok(parseCommandLine(registry, "／站会跳过")).spec).toBe(standupSkip);
  });

  it("reports empty and unknown lines", () => {
    expect(parseCommandLine(registry, "  / ")).toEqual({ ok: false, reason: "empty" });
    expect(parseCommandLine(registry, "deploy prod now")).toEqual({ ok: false, reason: "unknown", words: "deploy prod" });
  });

  it("throws when two specs claim the same words", () => {
    const other = defineCommand({ ...memberList, name: "roster", aliases: ["member add"] }) as unknown as AnyCommandSpec;
    expect(() => new CommandRegistry([...specs, other])).toThrow(/member add.*twice/);
    const twin = defineCommand({ ...teamNote, aliases: [] }) as unknown as AnyCommandSpec;
    expect(() => new CommandRegistry([...specs, twin])).toThrow(/team note/);
  });
});

describe("parseCommandLine: wording of problems", () => {
  it("words an unknown option in zh-CN and in English", () => {
    expect(problems(parseCommandLine(registry, "standup skip --bogus", "zh-CN"))).toEqual(["--bogus 不是这个命令的选项"]);
    expect(problems(parseCommandLine(registry, "standup skip --bogus", "en"))).toEqual(["--bogus is not an option of this command"]);
    expect(problems(parseCommandLine(registry, "standup skip --bogus"))).toEqual(["--bogus is not an option of this command"]);
  });

  it("words argument errors in zh-CN and in English, naming the argument, never in zod's words", () => {
    const zh = problems(parseCommandLine(registry, "standup skip --date 2026-13-45", "zh-CN"));
    const en = problems(parseCommandLine(registry, "standup skip --date 2026-13-45", "en"));
    expect(zh).toEqual(["日期（--date）：“2026-13-45”不是有效日期，请写成 2026-12-01 这样的格式。可以这样写：`standup skip \"on leave\" --date 2026-12-01`"]);
    expect(en).toEqual(['Date (--date): “2026-13-45” is not a date; write it like 2026-12-01. Try: `standup skip "on leave" --date 2026-12-01`']);
  });

  it("words a too-long value and a bad enum value in the person's language", () => {
    const tooLong = "x".repeat(41);
    expect(problems(parseCommandLine(registry, `standup skip ${tooLong}`, "zh-CN"))[0]).toMatch(/^原因：太长了（41 个字），最多 40 个字。/);
    expect(problems(parseCommandLine(registry, `standup skip ${tooLong}`, "en"))[0]).toMatch(/^Reason: too long \(41 characters\); at most 40\./);
    expect(problems(parseCommandLine(registry, "member add anna --role boss", "zh-CN"))[0]).toMatch(/^角色（--role）：“boss”不是可选值。可选：member、pm。/);
    expect(problems(parseCommandLine(registry, "member add anna --role boss", "en"))[0]).toMatch(/^Role \(--role\): “boss” is not one of the choices: member, pm\./);
  });

  it("reports an unclosed quote as such, not as a missing argument", () => {
    const [zh] = problems(parseCommandLine(registry, "standup skip “on leave --date 2026-12-01", "zh-CN"));
    expect(zh).toContain("引号 “ 没有闭合");
    const [en] = problems(parseCommandLine(registry, 'standup skip "on leave --date 2026-12-01', "en"));
    expect(en).toContain('The quote " is opened but never closed');
    expect(parseCommandLine(registry, "standup skip don't", "en")).toMatchObject({ ok: true });
  });
});

describe("boolean flags", () => {
  it("a flag that only takes true does not swallow the word after it", () => {
    const spec = defineCommand({
      name: "team set",
      summary: "s",
      args: z.object({ team: z.string(), home: z.literal(true).optional(), zone: z.string().optional() }),
      positional: ["team"],
      examples: [],
      permission: "pm",
      run: () => undefined,
    });
    const registry = new CommandRegistry([spec]);
    expect(parseCommandLine(registry, "team set --home apac --zone Asia/Kolkata")).toMatchObject({ ok: true, args: { team: "apac", home: true, zone: "Asia/Kolkata" } });
    expect(parseCommandLine(registry, "team set apac --zone Asia/Kolkata --home")).toMatchObject({ ok: true, args: { team: "apac", home: true } });
  });
});
