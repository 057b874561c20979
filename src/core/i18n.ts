import en from "./locales/en.json" with { type: "json" };
import zhCN from "./locales/zh-CN.json" with { type: "json" };
import { forgetCompiled, formatMessage, type FormatProblem, type Vars } from "./message-format.js";

export type { FormatProblem, Vars };

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** A locale catalog: nested objects of ICU MessageFormat templates, addressed by dotted keys. */
export type Catalog = { [key: string]: string | Catalog };

/** One owner's texts in every supported locale (a domain's `locales/{en,zh-CN}.json`). */
export type LocaleFragment = Record<Locale, Catalog>;

/** A translator bound to one locale. */
export type Translate = (key: string, vars?: Vars) => string;

const catalogs: Record<Locale, Catalog> = { "zh-CN": {}, en: {} };
/** Dotted leaf key → who registered it; dotted branch key → who first opened it. */
const leafOwners = new Map<string, string>();
const branchOwners = new Map<string, string>();
let problemListener: (problem: FormatProblem) => void = () => {};

/** True when the value is one of the supported locales. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

const clash = (key: string, first: string | undefined, second: string): Error =>
  new Error(`locale key "${key}" is registered by both "${first ?? "?"}" and "${second}"`);

// Branches are shared (core and a domain may both add keys under one prefix); a leaf has exactly one owner.
function merge(target: Catalog, source: Catalog, owner: string, prefix: string): void {
  for (const [name, value] of Object.entries(source)) {
    const key = prefix ? `${prefix}.${name}` : name;
    const existing = target[name];
    if (typeof value === "string") {
      if (typeof existing === "object") throw clash(key, branchOwners.get(key), owner);
      const holder = leafOwners.get(key);
      if (holder !== undefined && holder !== owner) throw clash(key, holder, owner);
      leafOwners.set(key, owner);
      target[name] = value;
      continue;
    }
    if (typeof existing === "string") throw clash(key, leafOwners.get(key), owner);
    if (!branchOwners.has(key)) branchOwners.set(key, owner);
    const branch: Catalog = existing ?? {};
    target[name] = branch;
    merge(branch, value, owner, key);
  }
}

/**
 * Merges one owner's texts into the catalogs. Registering the same owner again is harmless; a key that another owner
 * already registered throws, naming both owners, so a clash fails at start rather than silently replacing a text.
 */
export function registerLocales(fragment: LocaleFragment, owner: string): void {
  for (const locale of LOCALES) merge(catalogs[locale], fragment[locale], owner, "");
  forgetCompiled();
}

registerLocales({ en, "zh-CN": zhCN }, "core");

/**
 * Where a template that cannot be formatted as written is reported (a missing plural count, a broken template).
 * The report names the locale, key and argument names only, never values.
 */
export function onTranslationProblem(listener: (problem: FormatProblem) => void): void {
  problemListener = listener;
}

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

/**
 * Translates a key into the locale, falling back to English, then to the key itself. Templates are ICU MessageFormat:
 * `{name}` is plain substitution (a missing one stays visible), `{count, plural, one {# task} other {# tasks}}` counts.
 */
export function t(locale: Locale, key: string, vars: Vars = {}): string {
  const own = lookup(catalogs[locale], key);
  if (own !== undefined) return formatMessage(locale, key, own, vars, (p) => problemListener(p));
  const english = lookup(catalogs.en, key);
  if (english !== undefined) return formatMessage("en", key, english, vars, (p) => problemListener(p));
  return key;
}

/** Binds `t` to a locale. */
export function translator(locale: Locale): Translate {
  return (key, vars) => t(locale, key, vars);
}

/** True when the key exists in the locale's own catalog (no fallback). */
export function hasKey(locale: Locale, key: string): boolean {
  return templateOf(locale, key) !== undefined;
}

/** The raw template of a key in the locale's own catalog (no fallback), or undefined. */
export function templateOf(locale: Locale, key: string): string | undefined {
  return lookup(catalogs[locale], key);
}

/** Who registered a leaf key (`core`, `standups`, …), or undefined. */
export function ownerOfKey(key: string): string | undefined {
  return leafOwners.get(key);
}

/** Every leaf key of a locale's merged catalog, dotted. */
export function keysOf(locale: Locale): string[] {
  const out: string[] = [];
  const walk = (node: Catalog, prefix: string): void => {
    for (const [k, v] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (typeof v === "string") out.push(path);
      else walk(v, path);
    }
  };
  walk(catalogs[locale], "");
  return out.sort();
}
