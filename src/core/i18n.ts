import en from "./locales/en.json" with { type: "json" };
import zhCN from "./locales/zh-CN.json" with { type: "json" };

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

type Catalog = { [key: string]: string | Catalog };
const catalogs: Record<Locale, Catalog> = { "zh-CN": zhCN, en };

/** Values substituted into `{name}` placeholders. */
export type Vars = Record<string, string | number>;

/** A translator bound to one locale. */
export type Translate = (key: string, vars?: Vars) => string;

/** True when the value is one of the supported locales. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** Translates a key into the locale, falling back to English, then to the key itself. */
export function t(locale: Locale, key: string, vars: Vars = {}): string {
  const template = lookup(catalogs[locale], key) ?? lookup(catalogs.en, key) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Binds `t` to a locale. */
export function translator(locale: Locale): Translate {
  return (key, vars) => t(locale, key, vars);
}

/** True when the key exists in the locale's own catalog (no fallback). */
export function hasKey(locale: Locale, key: string): boolean {
  return lookup(catalogs[locale], key) !== undefined;
}

/** Every leaf key of a locale's catalog, dotted. */
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
