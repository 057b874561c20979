import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROLES, type CorePermission } from "../../src/core/command.js";
import { hasKey, isLocale, keysOf, LOCALES, ownerOfKey, t, translator, type Catalog, type Locale } from "../../src/core/i18n.js";
import { argumentsOf } from "../../src/core/message-format.js";
import { PHASES } from "../../src/projects/service.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PERMISSIONS = ["anyone", "member", "key_user", "pm", "sponsor", "admin"] as const satisfies readonly CorePermission[];
// Fails to compile when CorePermission gains a value this list does not name.
const everyPermissionListed: [Exclude<CorePermission, (typeof PERMISSIONS)[number]>] extends [never] ? true : false = true;

/** One `src/<owner>/locales/` folder: core's, or a domain's fragment. */
interface LocaleFolder {
  owner: string;
  dir: string;
  catalogs: Record<Locale, Catalog>;
}

const FOLDERS: LocaleFolder[] = readdirSync(join(ROOT, "src"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, "src", entry.name, "locales", "en.json")))
  .map((entry) => {
    const dir = join(ROOT, "src", entry.name, "locales");
    const read = (locale: Locale) => JSON.parse(readFileSync(join(dir, `${locale}.json`), "utf8")) as Catalog;
    return { owner: entry.name, dir, catalogs: { en: read("en"), "zh-CN": read("zh-CN") } };
  });
// Every domain fragment registers itself when its locales/index.ts is imported; core registers in i18n.ts.
await Promise.all(FOLDERS.filter((f) => f.owner !== "core").map((f) => import(pathToFileURL(join(f.dir, "index.ts")).href)));

function leaves(catalog: Catalog, prefix = ""): [string, string][] {
  return Object.entries(catalog).flatMap(([k, v]): [string, string][] => {
    const path = prefix ? `${prefix}.${k}` : k;
    return typeof v === "string" ? [[path, v]] : leaves(v, path);
  });
}
const templates = (folder: LocaleFolder, locale: Locale) => new Map(leaves(folder.catalogs[locale]));
const argumentNames = (template: string) => {
  const { plain, counted } = argumentsOf(template);
  return [...new Set([...plain, ...counted])].sort().join(",");
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

const KEY_LITERAL = /(["'`])([a-z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_-]+)+)\1/g;
/** The text right after `t(` / `UserError(` / `translator(locale)(` up to the first brace, parenthesis or semicolon: where the key is. */
const CALL = /(?:\bt|\bUserError|\btranslator\([^()]*\))\(([^{}();]*)/g;
const SUMMARY = /\bsummary:\s*(["'`])([^"'`]+)\1/g;
const TEMPLATE_KEY = /(?:\bt|\bUserError)\(\s*`([a-z][\w.]*\.)\$\{/g;

interface Found {
  key: string;
  where: string;
}

function scan(): { literal: Found[]; dynamicPrefixes: Found[] } {
  const literal: Found[] = [];
  const dynamicPrefixes: Found[] = [];
  for (const dir of ["src", "adapters"]) {
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

describe("locale folders", () => {
  it("core and the stand-up, RACI and calendar domains each have one (a scan that finds nothing proves nothing)", () => {
    expect(FOLDERS.map((f) => f.owner).sort()).toEqual(expect.arrayContaining(["calendar", "core", "raci", "standups"]));
  });

  it.each(FOLDERS.map((f) => [f.owner, f] as const))("%s: en and zh-CN have the same keys, none empty", (_owner, folder) => {
    const en = [...templates(folder, "en").keys()].sort();
    expect([...templates(folder, "zh-CN").keys()].sort()).toEqual(en);
    expect(en.length).toBeGreaterThan(10);
    for (const locale of LOCALES) expect([...templates(folder, locale)].filter(([, v]) => v.trim() === "").map(([k]) => k), locale).toEqual([]);
  });

  it.each(FOLDERS.map((f) => [f.owner, f] as const))("%s: both languages use the same arguments, and zh-CN is actually Chinese", (_owner, folder) => {
    const en = templates(folder, "en");
    const zh = templates(folder, "zh-CN");
    const mismatched = [...en].filter(([key, text]) => argumentNames(text) !== argumentNames(zh.get(key) ?? "")).map(([key, text]) => `${key}: en {${argumentNames(text)}} zh-CN {${argumentNames(zh.get(key) ?? "")}}`);
    expect(mismatched).toEqual([]);
    const untranslated = [...zh].filter(([key, text]) => text === en.get(key) && /[a-z]{4,}/i.test(text)).map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it.each(FOLDERS.map((f) => [f.owner, f] as const))("%s: every key is registered, under this folder's owner", (owner, folder) => {
    const wrong = [...templates(folder, "en").keys()].filter((key) => ownerOfKey(key) !== owner).map((key) => `${key} → ${ownerOfKey(key) ?? "unregistered"}`);
    expect(wrong).toEqual([]);
  });

  it("core keeps only core text: no domain's top-level section is in core's catalog", () => {
    const core = FOLDERS.find((f) => f.owner === "core");
    const domainSections = FOLDERS.filter((f) => f.owner !== "core").flatMap((f) => Object.keys(f.catalogs.en));
    expect(domainSections).toEqual(expect.arrayContaining(["standup", "blocker", "raci", "calendar"]));
    expect(Object.keys(core?.catalogs.en ?? {}).filter((section) => domainSections.includes(section))).toEqual([]);
  });

  it("the merged catalogs hold every folder's keys, the same in both locales", () => {
    const total = FOLDERS.reduce((n, f) => n + templates(f, "en").size, 0);
    expect(keysOf("en")).toHaveLength(total);
    expect(keysOf("zh-CN")).toEqual(keysOf("en"));
  });
});

describe("keys used in the code", () => {
  const { literal, dynamicPrefixes } = scan();

  it("the scan finds the keys it should (a scan that finds nothing proves nothing)", () => {
    const keys = new Set(literal.map((f) => f.key));
    expect(keys.size).toBeGreaterThan(60);
    for (const known of ["dispatch.unknown", "usage.unknown_option", "degrade.reply_with_number", "commands.team_add.already", "commands.help.summary", "errors.person_ambiguous", "standup.cmd.answer", "raci.nag.heads_up_title", "calendar.import.invalid"]) {
      expect(keys, known).toContain(known);
    }
  });

  it("every literal key passed to t(), UserError() or summary: exists in both locales", () => {
    const missing = literal.flatMap(({ key, where }) => LOCALES.filter((locale) => !hasKey(locale, key)).map((locale) => `${where}: ${key} (${locale})`));
    expect([...new Set(missing)]).toEqual([]);
  });

  it("a domain's code names only its own keys and core's (a key two domains need stays with its owner, in core)", () => {
    const crossing = literal
      .map(({ key, where }) => ({ key, where, domain: /^src\/([a-z-]+)\//.exec(where)?.[1], owner: ownerOfKey(key) }))
      .filter((f) => f.domain !== undefined && f.domain !== "core" && f.owner !== "core" && f.owner !== f.domain)
      .map((f) => `${f.where}: ${f.key} (owned by ${f.owner})`);
    expect([...new Set(crossing)]).toEqual([]);
  });

  it("every domain file that names its own keys imports the domain's i18n.js, so loading it registers the texts", () => {
    const domains = FOLDERS.filter((f) => f.owner !== "core").map((f) => f.owner);
    const registers = (source: string) =>
      /^import\s+["']\.\/(?:i18n|locales\/index)\.js["']/m.test(source) || [...source.matchAll(/^import\s+\{([^}]*)\}\s+from\s+["']\.\/i18n\.js["']/gm)].some((m) => (m[1] ?? "").split(",").some((s) => s.trim() !== "" && !s.trim().startsWith("type ")));
    const checked: string[] = [];
    const unregistered = domains.flatMap((domain) =>
      sourceFiles(join(ROOT, "src", domain))
        .filter((file) => !file.includes(`${join("src", domain, "locales")}`))
        // Commands run only inside a runtime, whose feature list registers each feature's `locales`.
        .filter((file) => !file.includes(`${join("src", domain, "commands")}`))
        .filter((file) => [...readFileSync(file, "utf8").matchAll(KEY_LITERAL)].some((m) => ownerOfKey(m[2] ?? "") === domain))
        .filter((file) => {
          checked.push(file);
          return !registers(readFileSync(file, "utf8"));
        })
        .map((file) => relative(ROOT, file)),
    );
    expect(checked.length).toBeGreaterThan(10);
    expect(unregistered).toEqual([]);
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
