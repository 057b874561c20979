import { createHash } from "node:crypto";
import pg from "pg";
import { allMigrations } from "../src/feature/migrations.js";

/**
 * The digest bench's seeded schema, kept between runs (seeding the big project takes a minute or more). The schema is
 * named for the seed: the seed's version, its sizes and the source of every migration, so a changed seed or schema
 * seeds afresh in a schema of its own and a matching one is reused. BENCH_DIGEST_KEEP=0 seeds a schema of the run's
 * own and drops it at the end, as before.
 *
 * A kept schema holds a marker table written only once the seed is complete (a run stopped while seeding leaves no
 * marker, so the next run starts over) naming the tables the seed left empty: those hold what a run writes (outbox
 * rows, claims, digest history, links), and are emptied before each reuse so every run starts from the seed.
 * An advisory lock on the schema's name keeps two runs from sharing one at the same time.
 */
export const SEED_VERSION = 1;
const MARKER = "bench_digest_seed";

export function seedKey(sizes: Record<string, number>): string {
  const migrations = Object.entries(allMigrations).map(([name, m]) => `${name}\n${String(m.up)}\n${String(m.down ?? "")}`);
  return createHash("sha256").update(JSON.stringify({ version: SEED_VERSION, sizes, migrations })).digest("hex").slice(0, 12);
}

export const keepSeed = () => process.env.BENCH_DIGEST_KEEP !== "0";
export const keptSchemaName = (key: string) => `bench_digest_seed_${key}`;

export interface KeptSeed {
  /** True when the schema holds a complete seed (its run state emptied): skip seeding. */
  seeded: boolean;
  /** Records the seed as complete; call after seeding, vacuum and analyze. */
  markSeeded(): Promise<void>;
  release(): Promise<void>;
}

/** Locks the kept schema for this run and says whether it holds a complete seed; an incomplete one is dropped. */
export async function openKeptSeed(url: string, schema: string, key: string): Promise<KeptSeed> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = `"${schema.replace(/"/g, "")}"`;
  await client.query("select pg_advisory_lock(hashtext($1))", [schema]);
  let seeded = false;
  try {
    const marker = await client.query<{ key: string; empty: string[] }>(`select key, empty from ${q}.${MARKER}`).catch(() => null);
    const row = marker?.rows[0];
    if (row?.key === key) {
      try {
        if (row.empty.length > 0) await client.query(`truncate ${row.empty.map((t) => `${q}."${t}"`).join(", ")} restart identity`);
        seeded = true;
      } catch {
        seeded = false; // a run wrote somewhere the seed cannot be restored from: seed afresh
      }
    }
    if (!seeded) await client.query(`drop schema if exists ${q} cascade`);
  } catch (err) {
    await client.end();
    throw err;
  }
  return {
    seeded,
    async markSeeded() {
      const tables = await client.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'", [schema]);
      const empty: string[] = [];
      for (const { name } of tables.rows) {
        const any = await client.query(`select 1 from ${q}."${name.replace(/"/g, "")}" limit 1`);
        if (any.rowCount === 0) empty.push(name);
      }
      await client.query(`create table ${q}.${MARKER} (key text not null, empty text[] not null, seeded_at timestamptz not null default now())`);
      await client.query(`insert into ${q}.${MARKER} (key, empty) values ($1, $2)`, [key, empty]);
    },
    async release() {
      await client.query("select pg_advisory_unlock(hashtext($1))", [schema]).catch(() => undefined);
      await client.end();
    },
  };
}
