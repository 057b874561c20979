import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ROLES, type Permission } from "../../src/core/command.js";
import { hasKey, isLocale, keysOf, LOCALES, t, translator, type Locale } from "../../src/core/i18n.js";
import { PHASES } from "../../src/projects/service.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PERMISSIONS = ["anyone", "member", "key_user", "pm", "sponsor", "admin"] as const satisfies readonly Permission[];
// Fails to compile when Permission gains a value this list does not name.
const everyPermissionListed: [Exclude<Permission, (typeof PERMISSIONS)[number]>] extends [never] ? true : false = true;

function templateOf(locale: Locale, key: string): string {
  let node: unknown = JSON.parse(readFileSync(join(ROOT, "src/core/locales", `${locale}.json`), "utf8"));
  for (const part of key.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "string") throw new Error(`${locale}: ${key} is not a string`);
  return node;
}

const placeholders = (template: string): string[] => [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ""))].sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

const KEY_LITERAL = /(["'`])([a-z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_-]+)+)\1/g;
/** The text right after `t(` / `UserError(` up to the first brace, parenthesis or semicolon: where the key is. */
const CALL = /(?:\bt|\bUserError)\(([^{}();]*)/g;
const SUMMARY = /\bsummary:\s*(["'`])([^"'`]+)\1/g;
const TEMPLATE_KEY = /(?:\bt|\bUserError)\(\s*`([a-z][\w.]*\.)\$\{/g;

interface Found {
  key: string;
  where: string;
}

function scan(): { literal: Found[]; dynamicPrefixes: Found[] } {
  const literal: Found[] = [];
  const dynamicPrefixes: Found[] = [];
  for (const dir of ["src", "commands", "adapters"]) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const source = readFileSync(file, "utf8");
      const where = relative(ROOT, file);
      for (const call of source.matchAll(CALL)) for (const m of (call[1] ?? "").matchAll(KEY_LITERAL)) literal.push({ key: m[2] ?? "", where });
      for (const m of source.matchAll(SUMMARY)) literal.push({ key: m[2] ?? "", where });
      for (const m of source.matchAll(TEMPLATE_KEY)) dynamicPrefixes.push({ key: m[1] ?? "", where });
    }
  }
  return { literal, dynamicPrefixes };
}

describe("locale catalogs", () => {
  it("have exactly the same keys", () => {
    expect(keysOf("zh-CN")).toEqual(keysOf("en"));
    expect(keysOf("en").length).toBeGreaterThan(50);
  });

  it("have no empty value", () => {
    for (const locale of LOCALES) {
      const empty = keysOf(locale).filter((key) => templateOf(locale, key).trim() === "");
      expect(empty, `${locale} has empty values`).toEqual([]);
    }
  });

  it("use the same {placeholders} in both languages", () => {
    const mismatched = keysOf("en")
      .filter((key) => placeholders(templateOf("en", key)).join() !== placeholders(templateOf("zh-CN", key)).join())
      .map((key) => `${key}: en {${placeholders(templateOf("en", key)).join(",")}} zh-CN {${placeholders(templateOf("zh-CN", key)).join(",")}}`);
    expect(mismatched).toEqual([]);
  });

  it("the zh-CN catalog is actually Chinese", () => {
    const untranslated = keysOf("zh-CN").filter((key) => templateOf("zh-CN", key) === templateOf("en", key) && /[a-z]{4,}/i.test(templateOf("en", key)));
    expect(untranslated).toEqual([]);
  });
});

describe("keys used in the code", () => {
  const { literal, dynamicPrefixes } = scan();

  it("the scan finds the keys it should (a scan that finds nothing proves nothing)", () => {
    const keys = new Set(literal.map((f) => f.key));
    expect(keys.size).toBeGreaterThan(60);
    for (const known of ["dispatch.unknown", "usage.unknown_option", "degrade.reply_with_number", "commands.team_add.already", "commands.help.summary", "errors.person_ambiguous"]) {
      expect(keys, known).toContain(known);
    }
  });

  it("every literal key passed to t(), UserError() or summary: exists in both locales", () => {
    const missing = literal.flatMap(({ key, where }) => LOCALES.filter((locale) => !hasKey(locale, key)).map((locale) => `${where}: ${key} (${locale})`));
    expect([...new Set(missing)]).toEqual([]);
  });

  it("keys built at run time only come from roles.* and phases.*", () => {
    expect(dynamicPrefixes.length).toBeGreaterThan(0);
    const unexpected = dynamicPrefixes.filter((f) => f.key !== "roles." && f.key !== "phases.").map((f) => `${f.where}: ${f.key}\${…}`);
    expect(unexpected).toEqual([]);
  });

  it("roles.<every role and permission> exists in both locales", () => {
    expect(everyPermissionListed).toBe(true);
    const missing = LOCALES.flatMap((locale) => [...ROLES, ...PERMISSIONS].filter((r) => !hasKey(locale, `roles.${r}`)).map((r) => `${locale}: roles.${r}`));
    expect(missing).toEqual([]);
  });

  it("phases.<every phase> exists in both locales", () => {
    const missing = LOCALES.flatMap((locale) => PHASES.filter((p) => !hasKey(locale, `phases.${p}`)).map((p) => `${locale}: phases.${p}`));
    expect(missing).toEqual([]);
  });
});

describe("t", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("en", "dispatch.pick_between", { max: 3 })).toBe("Please reply with a number between 1 and 3.");
    expect(t("zh-CN", "dispatch.pick_between", { max: 3 })).toBe("请回复 1 到 3 之间的数字。");
    expect(t("en", "dispatch.pick_between")).toBe("Please reply with a number between 1 and {max}.");
  });

  it("returns the key itself when no catalog has it", () => {
    expect(t("zh-CN", "no.such.key")).toBe("no.such.key");
    expect(hasKey("en", "no.such.key")).toBe(false);
    expect(hasKey("en", "dispatch")).toBe(false);
  });

  it("translator binds a locale; isLocale knows the supported ones", () => {
    expect(translator("zh-CN")("dispatch.yes")).toBe("是");
    expect(translator("en")("dispatch.yes")).toBe("Yes");
    expect(isLocale("zh-CN")).toBe(true);
    expect(isLocale("fr")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
