import { z } from "zod";
import type { AnyCommandSpec } from "./command.js";
import { describeArgIssues } from "./arg-problems.js";
import { t, translator, type Locale } from "./i18n.js";
import { continuesDate, withToday } from "./relative-dates.js";

/** Splits a command line into words; accepts "double", 'single' and “curly” ‘quotes’ at the start of a word or after `=`. */
export function tokenize(line: string): string[] {
  return tokenizeLine(line).tokens;
}

/** The words of a line, and the quote left open at its end (null when every quote is closed). */
export function tokenizeLine(line: string): { tokens: string[]; unclosed: string | null } {
  const tokens: string[] = [];
  const closers: Record<string, string> = { '"': '"', "'": "'", "“": "”", "”": "”", "‘": "’", "「": "」", "＂": "＂" };
  let current = "";
  let inToken = false;
  let quote: string | null = null;
  let opener: string | null = null;
  for (const ch of line) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else current += ch;
      continue;
    }
    if (ch in closers && (!inToken || current.endsWith("="))) {
      quote = closers[ch] ?? null;
      opener = ch;
      inToken = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
      continue;
    }
    current += ch;
    inToken = true;
  }
  if (inToken) tokens.push(current);
  return { tokens, unclosed: quote === null ? null : opener };
}

function normalizeWords(words: string): string {
  return words.trim().toLowerCase().replace(/\s+/g, " ");
}

/** Finds commands by their words; the longest name or alias that prefixes the line wins. */
export class CommandRegistry {
  private readonly byWords = new Map<string, AnyCommandSpec>();
  private readonly maxWords: number;

  constructor(readonly specs: readonly AnyCommandSpec[]) {
    let maxWords = 1;
    for (const spec of specs) {
      for (const words of [spec.name, ...(spec.aliases ?? [])]) {
        const key = normalizeWords(words);
        const existing = this.byWords.get(key);
        if (existing && existing !== spec) throw new Error(`command words "${key}" are used twice`);
        this.byWords.set(key, spec);
        const joined = key.replace(/ /g, "");
        if (joined !== key && /[^\x00-\x7f]/.test(joined) && !this.byWords.has(joined)) this.byWords.set(joined, spec);
        maxWords = Math.max(maxWords, key.split(" ").length);
      }
    }
    this.maxWords = maxWords;
  }

  /** The spec whose words start the token list, and how many tokens they took. */
  match(tokens: readonly string[]): { spec: AnyCommandSpec; used: number } | null {
    for (let n = Math.min(this.maxWords, tokens.length); n >= 1; n--) {
      const spec = this.byWords.get(normalizeWords(tokens.slice(0, n).join(" ")));
      if (spec) return { spec, used: n };
    }
    return null;
  }

  /** Every name and alias, for suggestions. */
  allWords(): { words: string; spec: AnyCommandSpec }[] {
    return [...this.byWords.entries()].map(([words, spec]) => ({ words, spec }));
  }

  find(name: string): AnyCommandSpec | undefined {
    return this.byWords.get(normalizeWords(name));
  }
}

export type ParseOutcome =
  | { ok: true; spec: AnyCommandSpec; args: unknown; body: string | null }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "unknown"; words: string }
  | { ok: false; reason: "bad_args"; spec: AnyCommandSpec; problems: string[] };

function flagName(token: string, short: Record<string, string>): string | null {
  const head = token.split("=")[0] ?? "";
  const long = /^(?:--|—|––)([\p{L}][\p{L}\p{N}_-]*)$/u.exec(head);
  if (long?.[1]) return long[1].replace(/-/g, "_");
  const single = /^-([a-zA-Z])$/.exec(head);
  return single?.[1] ? (short[single[1]] ?? `-${single[1]}`) : null;
}

/** Flags whose schema takes `true` but no words: they never swallow the word after them. */
function booleanFlags(schema: z.ZodType): Set<string> {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return new Set(Object.entries(shape).filter(([, field]) => field.safeParse(true).success && !field.safeParse("word").success).map(([name]) => name));
}

function schemaKeys(schema: z.ZodType): Set<string> | null {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === "object" ? new Set(Object.keys(shape)) : null;
}

/** What a problem quotes back of the person's words: at most 40 characters. */
function quoted(words: string): string {
  const chars = [...words];
  return chars.length > 40 ? `${chars.slice(0, 39).join("")}…` : words;
}

/**
 * Turns the words after a command's name into an argument object, validated by its zod schema. `today` (the person's
 * local date) is what relative dates such as `明天` / `next friday` count from.
 */
export function parseArgs(spec: AnyCommandSpec, tokens: readonly string[], locale: Locale = "en", today?: string): { ok: true; args: unknown } | { ok: false; problems: string[] } {
  const raw: Record<string, unknown> = {};
  const positional: string[] = [];
  const problems: string[] = [];
  const known = schemaKeys(spec.args);
  const booleans = booleanFlags(spec.args);
  const short = spec.short ?? {};
  const isFlag = (token: string): boolean => flagName(token, short) !== null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? "";
    const name = flagName(token, short);
    if (name === null) {
      positional.push(token);
      continue;
    }
    if (name.startsWith("-") || (known && !known.has(name))) {
      problems.push(t(locale, "usage.unknown_option", { option: name.startsWith("-") ? name : `--${name}` }));
      continue;
    }
    const eq = token.indexOf("=");
    if (eq >= 0) raw[name] = token.slice(eq + 1);
    else if (!booleans.has(name) && i + 1 < tokens.length && !isFlag(tokens[i + 1] ?? "")) {
      let value = tokens[++i] ?? "";
      while (i + 1 < tokens.length && continuesDate(value, tokens[i + 1] ?? "")) value = `${value} ${tokens[++i]}`;
      raw[name] = value;
    }
    else raw[name] = true;
  }
  const names = spec.positional ?? [];
  names.forEach((name, index) => {
    if (name in raw) return;
    const isLast = index === names.length - 1;
    const taken = isLast ? positional.slice(index) : positional.slice(index, index + 1);
    if (taken.length > 0) raw[name] = taken.join(" ");
  });
  if (positional.length > 0 && names.length === 0) problems.push(t(locale, "usage.unexpected", { words: quoted(positional.join(" ")) }));
  if (problems.length > 0) return { ok: false, problems };
  const parsed = today === undefined ? spec.args.safeParse(raw) : withToday(today, () => spec.args.safeParse(raw));
  if (!parsed.success) return { ok: false, problems: describeArgIssues(parsed.error.issues, spec, raw, translator(locale), locale) };
  return { ok: true, args: parsed.data };
}

/** Strips a leading slash and the bot's own name, so "/rollout help" and "help" read the same. */
export function normalizeLine(line: string): string {
  return line.replace(/^\s*[\/／]/, "").trim();
}

/** Parses a whole command line against the registry; relative dates count from `today` (the person's local date). */
export function parseCommandLine(registry: CommandRegistry, line: string, locale: Locale = "en", today?: string): ParseOutcome {
  const normalized = normalizeLine(line);
  const split = splitBody(registry, normalized);
  const { tokens, unclosed } = tokenizeLine(split.head);
  if (tokens.length === 0) return { ok: false, reason: "empty" };
  const match = registry.match(tokens);
  if (!match) return { ok: false, reason: "unknown", words: tokens.slice(0, 2).join(" ") };
  if (unclosed !== null) {
    const example = match.spec.examples.find((e) => e.includes(unclosed)) ?? match.spec.examples[0] ?? match.spec.name;
    return { ok: false, reason: "bad_args", spec: match.spec, problems: [t(locale, "usage.unclosed_quote", { quote: unclosed, example })] };
  }
  const parsed = parseArgs(match.spec, tokens.slice(match.used), locale, today);
  if (!parsed.ok) return { ok: false, reason: "bad_args", spec: match.spec, problems: parsed.problems };
  return { ok: true, spec: match.spec, args: parsed.args, body: split.body };
}

/** A multi-line message to a command that takes a body: its first line is the command, the rest the body. */
function splitBody(registry: CommandRegistry, line: string): { head: string; body: string | null } {
  const newline = line.indexOf("\n");
  if (newline < 0) return { head: line, body: null };
  const head = line.slice(0, newline).trim();
  const match = registry.match(tokenizeLine(head).tokens);
  if (!match?.spec.body) return { head: line, body: null };
  const body = line.slice(newline + 1);
  return { head, body: body.trim() === "" ? null : body };
}
