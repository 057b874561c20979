import { IntlMessageFormat } from "intl-messageformat";

/** Values substituted into `{name}` placeholders. */
export type Vars = Record<string, string | number>;

/** Why a template could not be formatted as written. Carries names only, never values (they may be message bodies). */
export interface FormatProblem {
  locale: string;
  key: string;
  reason: "missing_count" | "bad_template" | "format_failed";
  names: string[];
}

type Ast = ReturnType<IntlMessageFormat["getAst"]>;

interface Compiled {
  format: IntlMessageFormat;
  /** Plain `{name}` arguments: a missing one is shown as `{name}`, as before ICU. */
  plain: Set<string>;
  /** Arguments that choose or format a number (`plural`, `select`, `number`…): a missing one cannot be shown in place. */
  counted: Set<string>;
  /**
   * For a template of text and plain `{name}` arguments only (most of them): its pieces, literal text as strings and
   * arguments as one-element arrays, so formatting is a join rather than a pass through the ICU formatter.
   */
  pieces: (string | [string])[] | null;
}

/** The pieces of a template made only of literal text and plain arguments; null when it has anything else. */
function piecesOf(ast: Ast): (string | [string])[] | null {
  const pieces: (string | [string])[] = [];
  for (const el of ast as unknown as { type: number; value?: unknown }[]) {
    if (el.type === LITERAL && typeof el.value === "string") pieces.push(el.value);
    else if (el.type === ARGUMENT && typeof el.value === "string") pieces.push([el.value]);
    else return null;
  }
  return pieces;
}

// The parser's element kinds (TYPE in @formatjs/icu-messageformat-parser): 0 literal, 1 argument, 7 pound (#), 8 tag.
const LITERAL = 0;
const ARGUMENT = 1;
const POUND = 7;
const TAG = 8;

function collectNames(ast: Ast, plain: Set<string>, counted: Set<string>): void {
  for (const el of ast as unknown as { type: number; value?: unknown; options?: Record<string, { value: Ast }>; children?: Ast }[]) {
    if (el.type === LITERAL || el.type === POUND) continue;
    if (el.type === TAG) {
      if (el.children) collectNames(el.children, plain, counted);
      continue;
    }
    if (typeof el.value === "string") (el.type === ARGUMENT ? plain : counted).add(el.value);
    for (const option of Object.values(el.options ?? {})) collectNames(option.value, plain, counted);
  }
}

const cache = new Map<string, Compiled | Error>();

/** Drops every compiled template (the catalogs changed). */
export function forgetCompiled(): void {
  cache.clear();
}

function compile(locale: string, key: string, template: string): Compiled | Error {
  const id = `${locale}\u0000${key}`;
  const cached = cache.get(id);
  if (cached) return cached;
  let compiled: Compiled | Error;
  try {
    // ignoreTag: `help <command>` in our texts is literal text, not an ICU rich-text tag.
    const format = new IntlMessageFormat(template, locale, undefined, { ignoreTag: true });
    const plain = new Set<string>();
    const counted = new Set<string>();
    collectNames(format.getAst(), plain, counted);
    compiled = { format, plain, counted, pieces: piecesOf(format.getAst()) };
  } catch (error) {
    compiled = error instanceof Error ? error : new Error(String(error));
  }
  cache.set(id, compiled);
  return compiled;
}

/** The argument names a template uses: `plain` ones (`{name}`) and `counted` ones (`{n, plural, …}`, `{n, number}`…). */
export function argumentsOf(template: string): { plain: string[]; counted: string[] } {
  const plain = new Set<string>();
  const counted = new Set<string>();
  collectNames(new IntlMessageFormat(template, "en", undefined, { ignoreTag: true }).getAst(), plain, counted);
  return { plain: [...plain].sort(), counted: [...counted].sort() };
}

/** The pre-ICU substitution: `{name}` replaced when given, left visible otherwise. The fallback when ICU cannot help. */
export function substitute(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * Formats an ICU MessageFormat template (compiled once per locale, key and text). Plain `{name}` arguments are
 * substituted as text (numbers unformatted: `T-1000`, `2026`); `{n, plural, …}` and `{n, number}` use the locale's rules.
 * Never throws: a missing plain argument stays visible as `{name}`; anything worse falls back to plain substitution
 * and is reported through `report`.
 */
export function formatMessage(locale: string, key: string, template: string, vars: Vars, report: (problem: FormatProblem) => void): string {
  const message = compile(locale, key, template);
  if (message instanceof Error) {
    report({ locale, key, reason: "bad_template", names: [] });
    return substitute(template, vars);
  }
  const missingCounts = [...message.counted].filter((name) => !(name in vars));
  if (missingCounts.length > 0) {
    report({ locale, key, reason: "missing_count", names: missingCounts });
    return substitute(template, vars);
  }
  if (message.pieces) {
    let out = "";
    for (const piece of message.pieces) {
      if (typeof piece === "string") out += piece;
      else {
        const value = vars[piece[0]];
        out += value === undefined ? `{${piece[0]}}` : String(value);
      }
    }
    return out;
  }
  const values: Record<string, string | number> = { ...vars };
  for (const name of message.plain) if (!(name in values)) values[name] = `{${name}}`;
  try {
    const out = message.format.format(values);
    return typeof out === "string" ? out : Array.isArray(out) ? out.join("") : String(out);
  } catch {
    report({ locale, key, reason: "format_failed", names: Object.keys(vars) });
    return substitute(template, vars);
  }
}
