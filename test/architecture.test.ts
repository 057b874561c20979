import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CORE_TABLE_OWNERS } from "../src/db/owners.js";
import { findCycles } from "./helpers/import-cycles.js";

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
  /** An `import("…")` expression rather than a static import or export-from. */
  dynamic: boolean;
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
    found.push({ spec, typeOnly, dynamic: m[4] !== undefined, target });
  }
  return found;
}

const isCore = (t: string) => t.startsWith("src/core/");
const isAdapter = (t: string) => t.startsWith("adapters/");
const isCommand = (t: string) => /^src\/[a-z-]+\/commands\//.test(t);
const domainOf = (t: string) => /^src\/([a-z-]+)\//.exec(t)?.[1];
const PLATFORM_SDKS = /^(@slack\/|@larksuiteoapi\/|dingtalk-stream|@wecom\/)/;

function violations(files: string[], allowed: (imp: Import, file: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter((imp) => !allowed(imp, file)).map((imp) => `${file} imports ${imp.spec}`));
}

describe("import rules (ARCHITECTURE §2)", () => {
  it("the rule checker itself sees imports, type-only imports and relative paths", () => {
    const imports = importsOf("commands/x.ts", `import { z } from "zod";\nimport type { S } from "../src/services.js";\nimport a from "./a.js";\nconst m = await import("../adapters/slack/render.js");`);
    expect(imports).toEqual([
      { spec: "zod", typeOnly: false, dynamic: false, target: "zod" },
      { spec: "../src/services.js", typeOnly: true, dynamic: false, target: "src/services.js" },
      { spec: "./a.js", typeOnly: false, dynamic: false, target: "commands/a.js" },
      { spec: "../adapters/slack/render.js", typeOnly: false, dynamic: true, target: "adapters/slack/render.js" },
    ]);
  });

  it("command files import only src/core, zod, the command helper, the Services type, their own feature and shared argument helpers", () => {
    const commandFiles = filesUnder("src").filter(isCommand);
    expect(commandFiles.length).toBeGreaterThan(40);
    const shared = new Set(["src/feature/command.js", "src/people/person-arg.js", "src/teams/team-args.js"]);
    const bad = violations(commandFiles, (imp, file) => {
      const own = file.split("/").slice(0, 2).join("/");
      return imp.target === "zod" || isCore(imp.target) || shared.has(imp.target) || imp.target.startsWith(`${own}/`) || (imp.typeOnly && imp.target === "src/services.js");
    });
    expect(bad).toEqual([]);
  });

  it("src/<domain>/ never imports adapters/, and nothing outside a feature imports its commands", () => {
    const domainFiles = filesUnder("src").filter((f) => domainOf(f) !== undefined);
    expect(domainFiles.length).toBeGreaterThan(10);
    const bad = violations(domainFiles, (imp, file) => !isAdapter(imp.target) && (!isCommand(imp.target) || imp.target.split("/")[1] === file.split("/")[1]));
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
    const senders = [...filesUnder("src"), ...filesUnder("jobs")].filter((f) => !f.startsWith("src/notify/") && !f.startsWith("src/core/crypto/"));
    const bad = senders.filter((f) => {
      const source = readFileSync(join(root, f), "utf8");
      return /chat\.postMessage|im\/v1\/messages|message\/send|appchat\/send|robot\/oToMessages|groupMessages/.test(source) || importsOf(f, source).some((i) => PLATFORM_SDKS.test(i.target));
    });
    expect(bad).toEqual([]);
  });

  it("core migrations are listed in migrations/index.ts, a feature's in its feature.ts", () => {
    const index = readFileSync(join(root, "migrations/index.ts"), "utf8");
    const files = readdirSync(join(root, "migrations")).filter((f) => /^\d{4}_.+\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(index).toContain(`./${f.replace(/\.ts$/, ".js")}`);
    const featureMigrations = filesUnder("src").filter((f) => /^src\/[a-z-]+\/migrations\/\d{4}_.+\.ts$/.test(f));
    expect(featureMigrations.length).toBeGreaterThan(0);
    for (const f of featureMigrations) {
      const feature = readFileSync(join(root, f.split("/").slice(0, 2).join("/"), "feature.ts"), "utf8");
      expect(feature, f).toContain(`./migrations/${f.split("/").at(-1)!.replace(/\.ts$/, ".js")}`);
    }
  });

  it("every command file is listed by its feature", () => {
    const commandFiles = filesUnder("src").filter((f) => isCommand(f) && !f.endsWith("/args.ts"));
    for (const f of commandFiles) {
      const feature = readFileSync(join(root, f.split("/").slice(0, 2).join("/"), "feature.ts"), "utf8");
      expect(feature, f).toContain(`./commands/${f.split("/").at(-1)!.replace(/\.ts$/, ".js")}`);
    }
  });

  it("no source file grows past 400 lines", () => {
    const long = ["src", "adapters", "jobs", "migrations"].flatMap(filesUnder).filter((f) => readFileSync(join(root, f), "utf8").split("\n").length > 400);
    expect(long).toEqual([]);
  });
});

/** Table owners: features' `tables` / `sharedTables` (read from src/<folder>/feature.ts and test/features/<folder>/feature.ts) and the core's. */
function tableOwners(): Map<string, { owner: string; shared: boolean }> {
  const owners = new Map<string, { owner: string; shared: boolean }>();
  const featureFiles = [...filesUnder("src"), ...filesUnder("test/features")].filter((f) => /^(src|test\/features)\/[a-z-]+\/feature\.ts$/.test(f));
  for (const f of featureFiles) {
    const source = readFileSync(join(root, f), "utf8");
    const folder = dirname(f);
    for (const [, kind, list] of source.matchAll(/\b(tables|sharedTables):\s*\[([^\]]*)\]/g)) {
      for (const [, table] of (list ?? "").matchAll(/"([a-z_]+)"/g)) owners.set(table!, { owner: folder, shared: kind === "sharedTables" });
    }
  }
  for (const [table, own] of Object.entries(CORE_TABLE_OWNERS)) owners.set(table, own);
  return owners;
}

const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|mergeInto|replaceInto)\(\s*["'`]([a-z_]+)/g;
const WRITES = new Set(["insertInto", "updateTable", "deleteFrom", "mergeInto", "replaceInto"]);

/** Every query builder call on a table another folder owns, where this folder may not make it. */
export function tableViolations(file: string, source: string, owners: Map<string, { owner: string; shared: boolean }>): string[] {
  const folder = file.split("/").slice(0, file.startsWith("test/") ? 3 : 2).join("/");
  const out: string[] = [];
  for (const [, call, table] of source.matchAll(QUERY)) {
    const own = owners.get(table!);
    if (!own) out.push(`${file}: ${call}("${table}") names a table nobody declares`);
    else if (own.owner !== folder && (WRITES.has(call!) || !own.shared)) out.push(`${file}: ${call}("${table}") — ${table} is ${own.owner}'s`);
  }
  return out;
}

describe("domains own their tables (issue 13 §5)", () => {
  const owners = tableOwners();

  it("the check sees a write to another feature's table, a read of a private one, and allows reading a shared one", () => {
    const source = `db.updateTable("blockers").set({}); trx.selectFrom("memberships"); db.selectFrom("tasks").innerJoin("people", "a", "b");`;
    expect(tableViolations("src/raci/x.ts", source, owners)).toEqual([
      `src/raci/x.ts: updateTable("blockers") — blockers is src/standups's`,
      `src/raci/x.ts: selectFrom("memberships") — memberships is src/projects's`,
    ]);
    expect(tableViolations("src/people/x.ts", `db.insertInto("people")`, owners)).toEqual([]);
    expect(tableViolations("src/raci/x.ts", `db.insertInto("people")`, owners)).toEqual([`src/raci/x.ts: insertInto("people") — people is src/people's`]);
  });

  it("every table of the database has exactly one owner", () => {
    for (const table of ["tenants", "people", "identities", "projects", "memberships", "teams", "team_members", "deliveries", "claims", "blockers", "tasks", "calendars", "test_thanks"]) {
      expect(owners.get(table), table).toBeDefined();
    }
  });

  it("no folder queries a table it does not own, except reading a shared one", () => {
    const files = [...filesUnder("src"), ...filesUnder("jobs"), ...filesUnder("test/features")].filter((f) => !/\/migrations\//.test(f) && !f.endsWith("/schema.ts"));
    const bad = files.flatMap((f) => tableViolations(f, readFileSync(join(root, f), "utf8"), owners));
    expect(bad).toEqual([]);
  });
});

const OWN_DIRS = ["src", "adapters", "jobs"];

/**
 * The import graph of the given files: each file and the files among them it imports by a relative static
 * specifier (`import`, `import type`, `export … from`; the `.js` of a specifier names the `.ts` file). Type-only
 * imports count: they are erased at run time, but a cycle through them still ties two modules to each other.
 * `import("…")` does not: loading a module lazily is how a module reaches one that must not load with it.
 */
export function importGraph(sources: ReadonlyMap<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, source] of sources) {
    const targets = importsOf(file, source)
      .filter((imp) => imp.spec.startsWith(".") && !imp.dynamic)
      .map((imp) => imp.target.replace(/\.js$/, ".ts"))
      .filter((target) => sources.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

describe("no import cycles among src/, adapters/, commands/ and jobs/", () => {
  it("the cycle finder reports each cycle once, with its path, and a file importing itself", () => {
    const graph = new Map([
      ["d", ["a"]],
      ["a", ["b"]],
      ["b", ["c", "x"]],
      ["c", ["a"]],
      ["e", ["e"]],
      ["x", []],
    ]);
    expect(findCycles(graph)).toEqual([
      ["a", "b", "c", "a"],
      ["e", "e"],
    ]);
    expect(findCycles(new Map([["a", ["b", "c"]], ["b", ["d"]], ["c", ["d"]], ["d", []]]))).toEqual([]);
  });

  it("the graph counts type-only imports and re-exports, not lazy import()", () => {
    const sources = new Map([
      ["src/a/one.ts", `import type { Two } from "./two.js";\nexport const one = 1;`],
      ["src/a/two.ts", `export { one } from "./one.js";\nexport type Two = number;`],
      ["src/b/lazy.ts", `import { z } from "zod";\nconst m = await import("../b/eager.js");`],
      ["src/b/eager.ts", `import "./lazy.js";`],
    ]);
    expect(importGraph(sources)).toEqual(
      new Map([
        ["src/a/one.ts", ["src/a/two.ts"]],
        ["src/a/two.ts", ["src/a/one.ts"]],
        ["src/b/lazy.ts", []],
        ["src/b/eager.ts", ["src/b/lazy.ts"]],
      ]),
    );
    expect(findCycles(importGraph(sources))).toEqual([["src/a/one.ts", "src/a/two.ts", "src/a/one.ts"]]);
  });

  it("the project's own files import each other without a cycle", () => {
    const files = OWN_DIRS.flatMap(filesUnder);
    const graph = importGraph(new Map(files.map((f) => [f, readFileSync(join(root, f), "utf8")])));
    expect([...graph.values()].flat().length).toBeGreaterThan(500);
    expect(findCycles(graph).map((cycle) => cycle.join(" → "))).toEqual([]);
  });
});
