import type { Database } from "../db/database.js";

/** Which of these keys are claimed already, a thousand per query. */
export async function claimedAmong(db: Database, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    if (chunk.length === 0) continue;
    for (const row of await db.selectFrom("claims").select("key").where("key", "in", chunk).execute()) found.add(row.key);
  }
  return found;
}
