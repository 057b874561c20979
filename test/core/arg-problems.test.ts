import { describe, expect, it } from "vitest";
import { z } from "zod";
import { addArgProblem, argProblem, describeArgIssues, hasArgLabel, type ArgSpec } from "../../src/core/arg-problems.js";
import { translator, type Locale } from "../../src/core/i18n.js";
import { features } from "../../src/features.js";

const spec: ArgSpec & { args: z.ZodType } = {
  name: "task add",
  positional: ["title"],
  examples: ['task add "Migrate lead data" --r @liuyang --due 2026-06-12 --phase build'],
  labels: { phase: { label: "args.names.phase", choices: "phases" }, window: "args.names.close" },
  args: z.object({
    title: z.string().trim().min(1).max(10),
    r: z.string().min(1),
    due: z.iso.date().optional(),
    phase: z.enum(["build", "uat"]).optional(),
    window: z.string().refine((v) => v === "ok", argProblem("args.problem.hhmm")).optional(),
    range: z
      .string()
      .transform((v, ctx) => {
        addArgProblem(ctx, "args.problem.range_order", { from: "2026-12-10", to: "2026-12-01" });
        return v;
      })
      .optional(),
  }),
};

function problemsOf(raw: Record<string, unknown>, locale: Locale): string[] {
  const parsed = spec.args.safeParse(raw);
  if (parsed.success) return [];
  return describeArgIssues(parsed.error.issues, spec, raw, translator(locale), locale);
}

const EXAMPLE = '`task add "Migrate lead data" --r @liuyang --due 2026-06-12 --phase build`';

describe("argument problems in the person's words", () => {
  it("a missing argument: its label, 'needed', and an example of the command", () => {
    expect(problemsOf({}, "zh-CN")).toEqual([`标题：必须填写。可以这样写：${EXAMPLE}`, `负责执行人（--r）：必须填写。可以这样写：${EXAMPLE}`]);
    expect(problemsOf({}, "en")).toEqual([`Title: this is needed. Try: ${EXAMPLE}`, `Responsible (--r): this is needed. Try: ${EXAMPLE}`]);
  });

  it("a flag without a value, a too-long text, a bad date", () => {
    expect(problemsOf({ title: "x", r: true }, "en")[0]).toBe(`Responsible (--r): write a value after the option. Try: ${EXAMPLE}`);
    expect(problemsOf({ title: "x".repeat(12), r: "a" }, "zh-CN")[0]).toMatch(/^标题：太长了（12 个字），最多 10 个字。/);
    expect(problemsOf({ title: "x", r: "a", due: "2026-02-30" }, "zh-CN")[0]).toMatch(/^截止日期（--due）：“2026-02-30”不是有效日期，请写成 2026-12-01 这样的格式。/);
    expect(problemsOf({ title: "x", r: "a", due: "soon" }, "en")[0]).toMatch(/^Due date \(--due\): “soon” is not a date; write it like 2026-12-01\./);
  });

  it("an enum lists its choices with their translations", () => {
    expect(problemsOf({ title: "x", r: "a", phase: "banana" }, "zh-CN")[0]).toMatch(/^阶段（--phase）：“banana”不是可选值。可选：build（系统搭建）、uat（用户验收测试）。/);
    expect(problemsOf({ title: "x", r: "a", phase: "banana" }, "en")[0]).toMatch(/^Phase \(--phase\): “banana” is not one of the choices: build, uat \(User acceptance testing\)\./);
  });

  it("a refinement's worded problem is translated, with its variables", () => {
    expect(problemsOf({ title: "x", r: "a", window: "9点" }, "zh-CN")[0]).toMatch(/^截止时间（--window）：“9点”不是有效时间，请写成 HH:MM，例如 09:30/);
    expect(problemsOf({ title: "x", r: "a", range: "z" }, "en")[0]).toMatch(/^Dates \(--range\): 2026-12-10 is after 2026-12-01; put the earlier date first/);
  });

  it("never quotes back more than 40 characters of what was typed", () => {
    const [problem] = problemsOf({ title: "x", r: "a", due: "9".repeat(20_000) }, "en");
    expect(problem!.length).toBeLessThan(200);
  });

  it("never shows zod's own wording", () => {
    const all = [...problemsOf({}, "zh-CN"), ...problemsOf({ title: 1, r: "a", due: "x", phase: "y" }, "zh-CN"), ...problemsOf({ title: 1, r: "a" }, "en")];
    for (const p of all) expect(p).not.toMatch(/无效输入|期望|Invalid input|expected|received/);
  });
});

describe("every command's arguments have a label in every language", () => {
  it("declared beside the command or shared under args.names", () => {
    const missing: string[] = [];
    for (const feature of features) {
      for (const command of feature.commands ?? []) {
        const shape = (command.args as unknown as { shape?: Record<string, unknown> }).shape ?? {};
        for (const name of Object.keys(shape)) for (const locale of ["zh-CN", "en"] as const) if (!hasArgLabel(command, name, locale)) missing.push(`${command.name} ${name} (${locale})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
