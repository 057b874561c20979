import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Migrator, NO_MIGRATIONS, sql } from "kysely";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allMigrations as migrations } from "../../src/feature/migrations.js";
import { openDatabase, type Database, type DatabaseHandle } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { dropSchema } from "../helpers/cleanup.js";
import { assertServicesPresent, databaseUrl, requireServices, uniqueName } from "../helpers/services.js";

/**
 * The tables the typed code relies on: the properties of `interface DB` in src/db/schema.ts, read with the
 * TypeScript checker together with every feature's `src/<feature>/schema.ts`, whose module augmentations add theirs.
 */
function tablesOfSchemaTs(): string[] {
  const file = fileURLToPath(new URL("../../src/db/schema.ts", import.meta.url));
  const src = fileURLToPath(new URL("../../src/", import.meta.url));
  const featureSchemas = readdirSync(src, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(src, d.name, "schema.ts"))).map((d) => join(src, d.name, "schema.ts"));
  const program = ts.createProgram({
    rootNames: [file, ...featureSchemas],
    options: { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 },
  });
  const source = program.getSourceFile(file);
  const checker = program.getTypeChecker();
  const declaration = source?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "DB");
  const symbol = declaration ? checker.getSymbolAtLocation(declaration.name) : undefined;
  if (!symbol) throw new Error("no `interface DB` in src/db/schema.ts");
  return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.name).sort();
}

const KYSELY_TABLES = ["kysely_migration", "kysely_migration_lock"];

async function tablesIn(db: Database, schema: string): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = ${schema} and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  return result.rows.map((r) => r.table_name).sort();
}

const expected = tablesOfSchemaTs();

describe("migrations: the DB interface lists the tables", () => {
  it("finds the tables in src/db/schema.ts", () => {
    expect(expected).toContain("deliveries");
    expect(expected.length).toBeGreaterThanOrEqual(10);
  });
});

describe.skipIf(!databaseUrl && !requireServices)("migrations on Postgres", () => {
  const schema = uniqueName("mig");
  let handle: DatabaseHandle;

  beforeAll(async () => {
    assertServicesPresent();
    handle = await openDatabase({ url: databaseUrl!, schema, poolSize: 2 });
  });

  afterAll(async () => {
    await handle?.close();
    if (databaseUrl) await dropSchema(databaseUrl, schema);
  });

  it("starts from an empty schema", async () => {
    expect(await tablesIn(handle.db, schema)).toEqual([]);
  });

  it("up creates every table of the DB interface, in the test's own schema only", async () => {
    expect(await migrateToLatest(handle.db, schema)).toEqual(Object.keys(migrations));
    expect(await tablesIn(handle.db, schema)).toEqual([...expected, ...KYSELY_TABLES].sort());
  });

  it("running up again is a no-op that keeps the data", async () => {
    await handle.db.insertInto("tenants").values({ platform: "slack", external_id: "T-MIG", name: "Migrated", locale: "en", timezone: "UTC" }).execute();
    expect(await migrateToLatest(handle.db, schema)).toEqual([]);
    expect(await tablesIn(handle.db, schema)).toEqual([...expected, ...KYSELY_TABLES].sort());
    const tenants = await handle.db.selectFrom("tenants").select("external_id").execute();
    expect(tenants.map((t) => t.external_id)).toEqual(["T-MIG"]);
  });

  it("down, through 0001, drops every table, and up works again after it", async () => {
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations }, migrationTableSchema: schema });
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(
      Object.keys(migrations).reverse().map((name) => [name, "Down", "Success"]),
    );
    expect(await tablesIn(handle.db, schema)).toEqual(KYSELY_TABLES);
    expect(await migrateToLatest(handle.db, schema)).toEqual(Object.keys(migrations));
    expect(await tablesIn(handle.db, schema)).toEqual([...expected, ...KYSELY_TABLES].sort());
  });
});

describe("migrations on PGlite in memory", () => {
  it("up creates the same table set as on Postgres", async () => {
    const handle = await openDatabase({});
    try {
      expect(handle.kind).toBe("pglite");
      expect(await migrateToLatest(handle.db)).toEqual(Object.keys(migrations));
      expect(await tablesIn(handle.db, "public")).toEqual([...expected, ...KYSELY_TABLES].sort());
      expect(await migrateToLatest(handle.db)).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
