import { Migrator, sql, type DatabaseIntrospector, type Migration, type MigrationResultSet } from "kysely";
import { allMigrations } from "../feature/migrations.js";
import type { Database } from "./database.js";

/** Applies every pending migration (the core's and each feature's); throws with the failing migration's name on error. */
export async function migrateToLatest(db: Database, schema?: string, migrations: Record<string, Migration> = allMigrations): Promise<string[]> {
  // Kysely looks for its own bookkeeping tables in any schema unless told which; name the current one.
  const current = schema ?? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name ?? "public";
  // Features are developed side by side: a feature's migration may sort before one that another feature has already applied.
  const migrator = new Migrator({ db: lookingOnlyAt(db, current), provider: { getMigrations: async () => migrations }, migrationTableSchema: current, allowUnorderedMigrations: true });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/**
 * The database as the migrator sees it: its introspection lists only `schema`'s tables. Kysely's own introspector reads
 * every table in the database and calls pg_get_serial_sequence on each, which fails with "schema … does not exist" when
 * another process drops its schema meanwhile (tests and benchmarks sharing one server do so all the time).
 */
function lookingOnlyAt(db: Database, schema: string): Database {
  const introspection: DatabaseIntrospector = {
    getSchemas: async () => (await sql<{ name: string }>`select schema_name as name from information_schema.schemata where schema_name = ${schema}`.execute(db)).rows,
    getTables: async () =>
      (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${schema}`.execute(db)).rows.map((r) => ({ name: r.name, schema, isView: false, columns: [] })),
    getMetadata: async () => ({ tables: await introspection.getTables() }),
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === "introspection") return introspection;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
