import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // Per-severity update cadences of a war room (`warroom cadence 20 --sev 1`): {"1": 20, "2": 45}; severities not named
  // use the defaults (sev1 every 30 minutes, the others the room's cadence).
  await db.schema.alterTable("warrooms").addColumn("sev_cadence", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`)).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("warrooms").dropColumn("sev_cadence").execute();
}
