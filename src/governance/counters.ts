import { sql } from "kysely";
import type { Database } from "../db/database.js";

/** The next number of a project's risks (`R`) or change requests (`CR`); the counter row's lock keeps them distinct. */
export async function nextNumber(trx: Database, projectId: number, kind: "R" | "CR"): Promise<number> {
  const row = await trx
    .insertInto("governance_counters")
    .values({ project_id: projectId, kind, last_number: 1 })
    .onConflict((oc) => oc.columns(["project_id", "kind"]).doUpdateSet({ last_number: sql`governance_counters.last_number + 1` }))
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return row.last_number;
}
