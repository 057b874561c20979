import { describe, expect, it } from "vitest";
import { keysOf, LOCALES, onTranslationProblem, t, templateOf, type FormatProblem, type Locale, type Vars } from "../../src/core/i18n.js";
import { argumentsOf, formatMessage, substitute } from "../../src/core/message-format.js";
import "../../src/calendar/locales/index.js";
import "../../src/raci/locales/index.js";
import "../../src/standups/locales/index.js";

const every = LOCALES.flatMap((locale) => keysOf(locale).map((key) => ({ locale, key, template: templateOf(locale, key) ?? "" })));

/** Sample values that would trip ICU if they were parsed: quotes, braces, `#`, tags, and numbers past a thousand. */
function sampleVars(names: readonly string[], count?: number): Vars {
  return Object.fromEntries(names.map((name, i) => [name, count ?? (i % 2 === 0 ? `<${name}> it's {x} #1 ''` : 1000 + i)]));
}

function collectProblems(run: () => void): FormatProblem[] {
  const problems: FormatProblem[] = [];
  onTranslationProblem((p) => problems.push(p));
  try {
    run();
  } finally {
    onTranslationProblem(() => {});
  }
  return problems;
}

describe("ICU formatting of the catalogs", () => {
  it("sees every key of every locale folder, and some of them count", () => {
    expect(every.length).toBeGreaterThan(800);
    expect(every.filter((e) => argumentsOf(e.template).counted.length > 0).length).toBeGreaterThan(10);
  });

  it("every template without plural syntax formats exactly as the old {name} substitution", () => {
    const differ: string[] = [];
    const problems = collectProblems(() => {
      for (const { locale, key, template } of every) {
        const { plain, counted } = argumentsOf(template);
        if (counted.length > 0) continue;
        const vars = sampleVars(plain);
        const now = t(locale, key, vars);
        const before = substitute(template, vars);
        if (now !== before) differ.push(`${locale} ${key}: ${JSON.stringify(before)} became ${JSON.stringify(now)}`);
        const partial = t(locale, key, {});
        if (partial !== template) differ.push(`${locale} ${key} without vars: ${JSON.stringify(partial)}`);
      }
    });
    expect(differ).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("every plural template formats for 0, 1, 3 and 1000 without a problem, leaving no ICU syntax behind", () => {
    const leftovers: string[] = [];
    const problems = collectProblems(() => {
      for (const { locale, key, template } of every) {
        const { plain, counted } = argumentsOf(template);
        if (counted.length === 0) continue;
        for (const n of [0, 1, 3, 1000]) {
          const out = t(locale, key, { ...sampleVars(plain), ...sampleVars(counted, n) });
          if (/plural|[{}]|#(?!1)/.test(out.replace(/<\w+> it's \{x\} #1 ''/g, ""))) leftovers.push(`${locale} ${key} (${n}): ${out}`);
        }
      }
    });
    expect(leftovers).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe("t with ICU MessageFormat", () => {
  it("plain numbers are not grouped (ids, years); a plural's # is", () => {
    expect(t("en", "dispatch.pick_between", { max: 1000 })).toBe("Please reply with a number between 1 and 1000.");
    expect(t("en", "calendar.import.added", { id: "cn", name: "China", years: 2026 })).toBe("Imported calendar `cn` (China) for years 2026.");
    expect(t("en", "raci.done_msg.due", { key: "T-1000", due: "2026-06-19" })).toBe("T-1000 is now due 2026-06-19.");
    expect(t("en", "raci.nag.heads_up_title", { count: 1200 })).toBe("Coming due: 1,200 tasks");
  });

  it("plurals: one and other in English; zh-CN reads the same for every count", () => {
    expect(t("en", "raci.nag.heads_up_title", { count: 1 })).toBe("Coming due: 1 task");
    expect(t("en", "raci.nag.heads_up_title", { count: 3 })).toBe("Coming due: 3 tasks");
    expect(t("en", "raci.settings.days", { days: 1 })).toBe("1 working day");
    expect(t("en", "raci.settings.days", { days: 0 })).toBe("0 working days");
    expect(t("en", "commands.member_list.title", { project: "Acme", count: 1 })).toBe("Acme · 1 member");
    expect(t("zh-CN", "raci.nag.heads_up_title", { count: 1 })).toBe("即将到期：1 项任务");
    expect(t("zh-CN", "raci.settings.days", { days: 3 })).toBe("3 个工作日");
  });

  it("a missing plain argument stays visible; a missing count falls back to the template and is reported by name only", () => {
    expect(t("en", "raci.errors.refused_a", { a: "Ann" })).toBe("Sorry, only the task's Accountable person (Ann) or the project manager can run `{command}` on {key}.");
    const problems = collectProblems(() => {
      expect(t("en", "blocker.resolved", { key: "B-1", owner: "secret owner" })).toBe("Resolved B-1 (secret owner) after {days, plural, one {# working day} other {# working days}}.");
    });
    expect(problems).toEqual([{ locale: "en", key: "blocker.resolved", reason: "missing_count", names: ["days"] }]);
    expect(JSON.stringify(problems)).not.toContain("secret");
  });

  it("a count given as a numeric string still chooses the right form", () => {
    expect(t("en", "raci.nag.heads_up_title", { count: "1" })).toBe("Coming due: 1 task");
  });
});

describe("formatMessage: ICU quoting, as translators must know it", () => {
  const report = (): void => {
    throw new Error("no problem expected");
  };
  const format = (template: string, vars: Vars = {}, locale: Locale = "en") => formatMessage(locale, `test.${template}`, template, vars, report);

  it("an apostrophe inside a word is text; '' is one apostrophe; '{…}' quotes braces; <tags> are text", () => {
    expect(format("It's {name}'s turn", { name: "Ann" })).toBe("It's Ann's turn");
    expect(format("say ''yes''")).toBe("say 'yes'");
    expect(format("a JSON object looks like '{'\"id\": 1'}'")).toBe('a JSON object looks like {"id": 1}');
    expect(format("type `help <command>`")).toBe("type `help <command>`");
  });

  it("# is a number only inside a plural branch", () => {
    expect(format("#{n} · {n, plural, one {# item} other {# items}}", { n: 2 })).toBe("#2 · 2 items");
  });

  it("a broken template falls back to plain substitution and is reported", () => {
    const problems: FormatProblem[] = [];
    expect(formatMessage("en", "test.broken", "oops {name", { name: "x" }, (p) => problems.push(p))).toBe("oops {name");
    expect(formatMessage("en", "test.broken2", "{n, plural, one {x}} {name}", { n: 1, name: "x" }, (p) => problems.push(p))).toBe("{n, plural, one {x}} x");
    expect(problems.map((p) => p.reason)).toEqual(["bad_template", "bad_template"]);
  });
});
