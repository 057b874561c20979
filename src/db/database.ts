import { mkdirSync } from "node:fs";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { createPglitePool } from "./pglite-pool.js";
import type { DB } from "./schema.js";

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** The schema the tables live in, when not the default one. */
  schema?: string;
  /** Resolves when a trivial query answers; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; unset means embedded PGlite. */
  url?: string;
  /** Where PGlite keeps its files; unset (with no url) means in memory. */
  dataDir?: string;
  /** A schema to create and use (tests isolate themselves this way on a shared server). */
  schema?: string;
  poolSize?: number;
}

const DATE_OID = 1082;

// Dates stay "YYYY-MM-DD" strings on both drivers: a calendar date has no time zone.
pg.types.setTypeParser(DATE_OID, (value: string) => value);

/** Opens Postgres (pg Pool) when a URL is given, otherwise embedded PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.schema, options.poolSize ?? 10);
  return openPglite(options.dataDir, options.schema);
}

async function openPostgres(url: string, schema: string | undefined, max: number): Promise<DatabaseHandle> {
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists "${schema.replace(/"/g, "")}"`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max,
    ...(schema ? { options: `-c search_path="${schema.replace(/"/g, "")}"` } : {}),
  });
  pool.on("error", () => undefined);
  // A checked-out client between two queries (inside a transaction, say) has no pool listener: when the server goes
  // away it emits "error" with nobody to hear it, which would crash the process. The next query fails instead, and
  // the pool drops the broken client when it is released.
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: "postgres",
    ...(schema ? { schema } : {}),
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string | undefined, schema: string | undefined): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    parsers: { [pgliteTypes.DATE]: (value: string) => value, [pgliteTypes.INT8]: (value: string) => value },
    // Trigram similarity (the feedback duplicate search); its migration creates the extension in public.
    extensions: { pg_trgm },
  });
  await pglite.waitReady;
  if (schema) await pglite.exec(`create schema if not exists "${schema}"; set search_path to "${schema}"`);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPglitePool(pglite) }) });
  return {
    db,
    kind: "pglite",
    ...(schema ? { schema } : {}),
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy(),
  };
}
