import type { z } from "zod";
import { hasKey, type Locale, type Translate, type Vars } from "./i18n.js";

/**
 * How a command names one of its arguments to people: `label` is an i18n key ("the task's title"); `choices` is an
 * i18n prefix under which each allowed value of an enum is translated (`phases` → `phases.build`); `example` an i18n
 * key of a sample value ("2026-12-01"). A bare string is a label key.
 */
export interface ArgLabel {
  label: string;
  choices?: string;
  example?: string;
}

/** Labels declared beside a command's args, by argument name. */
export type ArgLabels = Readonly<Record<string, string | ArgLabel>>;

/** What the mapping reads of a command. */
export interface ArgSpec {
  name: string;
  examples: readonly string[];
  positional?: readonly string[];
  labels?: ArgLabels;
}

/**
 * Options for `.refine(…, argProblem("args.problem.hhmm"))`: a problem worded by an i18n key (with variables) instead
 * of an English message, so the person reads it in their language.
 */
export function argProblem(key: string, vars: Vars = {}): { params: { i18n: string; vars: Vars } } {
  return { params: { i18n: key, vars } };
}

/** Adds a worded problem from inside a `.transform` / `.superRefine`. */
export function addArgProblem(ctx: { addIssue(issue: { code: "custom"; params: Record<string, unknown> }): void }, key: string, vars: Vars = {}): void {
  ctx.addIssue({ code: "custom", ...argProblem(key, vars) });
}

/** Longest piece of what the person typed that a problem quotes back. */
const QUOTE_MAX = 40;

function quote(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? "";
  const chars = [...text];
  return chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX - 1).join("")}…` : text;
}

function labelOf(spec: ArgSpec, name: string): ArgLabel | null {
  const declared = spec.labels?.[name];
  if (declared !== undefined) return typeof declared === "string" ? { label: declared } : declared;
  return null;
}

/** The argument as the person calls it: its declared label (else the shared one under `args.names`), with the flag. */
export function argName(spec: ArgSpec, name: string, t: Translate, locale: Locale): string {
  const declared = labelOf(spec, name);
  const key = declared?.label ?? (hasKey(locale, `args.names.${name}`) || hasKey("en", `args.names.${name}`) ? `args.names.${name}` : null);
  const flag = `--${name.replace(/_/g, "-")}`;
  const positional = spec.positional?.includes(name) ?? false;
  if (key === null) return positional ? `<${name}>` : flag;
  return positional ? t(key) : t("args.with_flag", { label: t(key), flag });
}

/** True when an argument has a label (declared beside the command, or shared) in the locale. */
export function hasArgLabel(spec: ArgSpec, name: string, locale: Locale): boolean {
  const declared = labelOf(spec, name);
  return declared ? hasKey(locale, declared.label) : hasKey(locale, `args.names.${name}`);
}

const HAN = /\p{Script=Han}/u;

/**
 * An example of the command that uses the argument: one naming its flag, else (for a positional) one with words
 * after the name; of those, one written in the reader's language (Chinese words for zh-CN, none for en) when there is.
 */
export function exampleFor(spec: ArgSpec, name: string, locale?: Locale): string | undefined {
  const inLanguage = (examples: readonly string[]) => (locale === undefined ? examples[0] : (examples.find((e) => HAN.test(e) === (locale === "zh-CN")) ?? examples[0]));
  const flags = [`--${name}`, `--${name.replace(/_/g, "-")}`];
  const naming = spec.examples.filter((e) => flags.some((f) => e.includes(`${f} `) || e.includes(`${f}=`) || e.endsWith(f)));
  if (naming.length > 0) return inLanguage(naming);
  const words = spec.name.split(" ").length;
  if (spec.positional?.includes(name)) {
    const withWords = spec.examples.filter((e) => e.trim().split(/\s+/).length > words);
    if (withWords.length > 0) return inLanguage(withWords);
  }
  return spec.examples[0];
}

function choicesText(label: ArgLabel | null, values: readonly unknown[], t: Translate, locale: Locale): string {
  return values
    .map((v) => {
      const value = String(v);
      const key = label?.choices ? `${label.choices}.${value}` : null;
      const translated = key && hasKey(locale, key) ? t(key) : null;
      return translated && translated.toLowerCase() !== value.toLowerCase() ? t("args.choice", { value, translated }) : value;
    })
    .join(t("args.choice_separator"));
}

type Issue = z.core.$ZodIssue;

/** The problem itself (without the argument's name): what was wrong and what is expected. */
function detail(issue: Issue, value: unknown, label: ArgLabel | null, t: Translate, locale: Locale): string {
  const exampleValue = label?.example ? t(label.example) : null;
  const withExample = (text: string) => (exampleValue ? `${text}${t("args.example_value", { example: exampleValue })}` : text);
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined) return t("args.problem.missing");
      if (value === true) return t("args.problem.needs_value");
      if (issue.expected === "number" || issue.expected === "int") return withExample(t("args.problem.number", { value: quote(value) }));
      return withExample(t("args.problem.invalid", { value: quote(value) }));
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return t("args.problem.too_long", { max, length: typeof value === "string" ? [...value].length : 0 });
      if (issue.origin === "array" || issue.origin === "set") return t("args.problem.too_many", { max });
      return t("args.problem.too_big", { max, value: quote(value) });
    }
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 || (typeof value === "string" && value.trim() === "") ? t("args.problem.empty") : t("args.problem.too_short", { min });
      if (issue.origin === "array" || issue.origin === "set") return t("args.problem.too_few", { min });
      return t("args.problem.too_small", { min, value: quote(value) });
    }
    case "invalid_format": {
      const format = issue.format;
      if (format === "date") return t("args.problem.date", { value: quote(value) });
      if (format === "datetime") return t("args.problem.datetime", { value: quote(value) });
      if (format === "time") return t("args.problem.time", { value: quote(value) });
      if (format === "email") return t("args.problem.email", { value: quote(value) });
      return withExample(t("args.problem.invalid", { value: quote(value) }));
    }
    case "invalid_value":
      return t("args.problem.choices", { value: quote(value), choices: choicesText(label, issue.values, t, locale) });
    case "custom": {
      const params = (issue as { params?: { i18n?: unknown; vars?: Vars } }).params;
      if (params && typeof params.i18n === "string") return t(params.i18n, { value: quote(value), ...(params.vars ?? {}) });
      return withExample(t("args.problem.invalid", { value: quote(value) }));
    }
    default:
      return withExample(t("args.problem.invalid", { value: quote(value) }));
  }
}

/**
 * One schema issue as a sentence for the person: the argument in their words, what was wrong, what is expected,
 * and an example of the command. Never zod's own text.
 */
export function describeArgIssue(issue: Issue, spec: ArgSpec, raw: Readonly<Record<string, unknown>>, t: Translate, locale: Locale): string {
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => t("usage.unknown_option", { option: `--${k.replace(/_/g, "-")}` })).join("; ");
  const name = typeof issue.path[0] === "string" ? issue.path[0] : null;
  if (name === null) return t("args.problem.general", { command: spec.name });
  const value = raw[name];
  const label = labelOf(spec, name);
  const sentence = t("args.problem_line", { arg: argName(spec, name, t, locale), problem: detail(issue, value, label, t, locale) });
  const example = exampleFor(spec, name, locale);
  return example ? `${sentence}${t("args.example_command", { example })}` : sentence;
}

/** Every issue of a failed parse as sentences, one per argument (the first issue of each). */
export function describeArgIssues(issues: readonly Issue[], spec: ArgSpec, raw: Readonly<Record<string, unknown>>, t: Translate, locale: Locale): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const issue of issues) {
    const where = issue.code === "unrecognized_keys" ? `?${issue.keys.join(",")}` : String(issue.path[0] ?? "");
    if (seen.has(where)) continue;
    seen.add(where);
    out.push(describeArgIssue(issue, spec, raw, t, locale));
  }
  return out;
}
