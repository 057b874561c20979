import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".ts")) out.push(relative(root, full).split("\\").join("/"));
    }
  };
  walk(join(root, dir));
  return out;
}

interface Import {
  spec: string;
  typeOnly: boolean;
  /** The import resolved to a repo-relative path, or the bare package name. */
  target: string;
}

/** Every static and dynamic import of a file, resolved. */
export function importsOf(file: string, source = readFileSync(join(root, file), "utf8")): Import[] {
  const found: Import[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of source.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? "";
    const typeOnly = Boolean(m[2]);
    const target = spec.startsWith(".") ? relative(root, resolve(root, dirname(file), spec)).split("\\").join("/") : spec;
    found.push({ spec, typeOnly, target });
  }
  return found;
}

const isCore = (t: string) => t.startsWith("src/core/");
const isAdapter = (t: string) => t.startsWith("adapters/");
const isCommand = (t: string) => t.startsWith("commands/");
const domainOf = (t: string) => /^src\/([a-z-]+)\//.exec(t)?.[1];
const PLATFORM_SDKS = /^(@slack\/|@larksuiteoapi\/|dingtalk-stream|@wecom\/)/;

function violations(files: string[], allowed: (imp: Import, file: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter((imp) => !allowed(imp, file)).map((imp) => `${file} imports ${imp.spec}`));
}

describe("import rules (ARCHITECTURE §2)", () => {
  it("the rule checker itself sees imports, type-only imports and relative paths", () => {
    const imports = importsOf("commands/x.ts", `import { z } from "zod";\nimport type { S } from "../src/services.js";\nimport a from "./a.js";\nconst m = await import("../adapters/slack/render.js");`);
    expect(imports).toEqual([
      { spec: "zod", typeOnly: false, target: "zod" },
      { spec: "../src/services.js", typeOnly: true, target: "src/services.js" },
      { spec: "./a.js", typeOnly: false, target: "commands/a.js" },
      { spec: "../adapters/slack/render.js", typeOnly: false, target: "adapters/slack/render.js" },
    ]);
  });

  it("commands/ import only src/core, zod, each other, and the Services type", () => {
    const bad = violations(filesUnder("commands"), (imp) => imp.target === "zod" || isCore(imp.target) || isCommand(imp.target) || (imp.typeOnly && imp.target === "src/services.js"));
    expect(bad).toEqual([]);
  });

  it("src/<domain>/ never imports adapters/ or commands/", () => {
    const domainFiles = filesUnder("src").filter((f) => domainOf(f) !== undefined);
    expect(domainFiles.length).toBeGreaterThan(10);
    const bad = violations(domainFiles, (imp) => !isAdapter(imp.target) && !isCommand(imp.target));
    expect(bad).toEqual([]);
  });

  it("src/core knows no domain: it imports only itself, the database handle and libraries", () => {
    const bad = violations(filesUnder("src/core"), (imp) => !imp.target.startsWith("src/") || isCore(imp.target) || imp.target.startsWith("src/db/"));
    expect(bad).toEqual([]);
  });

  it("src/core and adapters/ know no web framework: the port speaks plain requests and answers (src/core/direct-route.ts)", () => {
    const fastify = (imp: Import) => imp.target === "fastify" || imp.target.startsWith("fastify/") || imp.target.startsWith("@fastify/");
    expect(importsOf("src/core/x.ts", `import type { FastifyInstance } from "fastify";`).some(fastify)).toBe(true);
    expect(violations(filesUnder("src/core"), (imp) => !fastify(imp))).toEqual([]);
    expect(violations(filesUnder("adapters"), (imp) => !fastify(imp))).toEqual([]);
  });

  it("adapters/ import only src/core, their own folder, and libraries", () => {
    const bad = violations(filesUnder("adapters"), (imp, file) => {
      if (!imp.target.startsWith("src/") && !imp.target.startsWith("adapters/") && !imp.spec.startsWith(".")) return true;
      const own = file.split("/").slice(0, 2).join("/");
      return isCore(imp.target) || imp.target.startsWith(`${own}/`);
    });
    expect(bad).toEqual([]);
  });

  it("jobs/ call flows and the core, nothing platform-specific", () => {
    const bad = violations(filesUnder("jobs"), (imp) => !isAdapter(imp.target) && !isCommand(imp.target) && !PLATFORM_SDKS.test(imp.target));
    expect(bad).toEqual([]);
  });

  it("only src/notify and the adapters send: no platform SDK or send endpoint anywhere else", () => {
    const senders = [...filesUnder("src"), ...filesUnder("commands"), ...filesUnder("jobs")].filter((f) => !f.startsWith("src/notify/") && !f.startsWith("src/core/crypto/"));
    const bad = senders.filter((f) => {
      const source = readFileSync(join(root, f), "utf8");
      return /chat\.postMessage|im\/v1\/messages|message\/send|appchat\/send|robot\/oToMessages|groupMessages/.test(source) || importsOf(f, source).some((i) => PLATFORM_SDKS.test(i.target));
    });
    expect(bad).toEqual([]);
  });

  it("migrations are listed explicitly in migrations/index.ts", () => {
    const index = readFileSync(join(root, "migrations/index.ts"), "utf8");
    const files = readdirSync(join(root, "migrations")).filter((f) => /^\d{4}_.+\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(index).toContain(`./${f.replace(/\.ts$/, ".js")}`);
  });

  it("every command file is listed in commands/index.ts", () => {
    const index = readFileSync(join(root, "commands/index.ts"), "utf8");
    const helpers = new Set(["index.ts", "define.ts", "person-arg.ts", "team-args.ts"]);
    for (const f of readdirSync(join(root, "commands")).filter((n) => n.endsWith(".ts") && !helpers.has(n))) {
      expect(index, f).toContain(`./${f.replace(/\.ts$/, ".js")}`);
    }
  });

  it("no source file grows past 400 lines", () => {
    const long = ["src", "adapters", "commands", "jobs", "migrations"].flatMap(filesUnder).filter((f) => readFileSync(join(root, f), "utf8").split("\n").length > 400);
    expect(long).toEqual([]);
  });
});
