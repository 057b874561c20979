import { Migrator, sql, type Migration, type MigrationResultSet } from "kysely";
import { allMigrations } from "../feature/migrations.js";
import type { Database } from "./database.js";

/** Applies every pending migration (the core's and each feature's); throws with the failing migration's name on error. */
export async function migrateToLatest(db: Database, schema?: string, migrations: Record<string, Migration> = allMigrations): Promise<string[]> {
  // Kysely looks for its own bookkeeping tables in any schema unless told which; name the current one.
  const current = schema ?? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name ?? "public";
  // Features are developed side by side: a feature's migration may sort before one that another feature has already applied.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: current, allowUnorderedMigrations: true });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
