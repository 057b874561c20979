import { sql } from "kysely";
import type { Database } from "../db/database.js";

/** Keys per query: passed as one array parameter, so a whole tick's fan-out is one statement. */
const PER_QUERY = 20_000;

/** Which of these keys are claimed already: one query (an array parameter) per PER_QUERY keys. */
export async function claimedAmong(db: Database, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += PER_QUERY) {
    const chunk = keys.slice(i, i + PER_QUERY);
    if (chunk.length === 0) continue;
    const rows = await db.selectFrom("claims").select("key").where(sql<boolean>`key = any(${chunk}::text[])`).execute();
    for (const row of rows) found.add(row.key);
  }
  return found;
}
