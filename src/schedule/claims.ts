import type { Database } from "../db/database.js";

/**
 * Claims an occurrence (e.g. `standup:{team}:{person}:{local-date}`) exactly once across replicas and
 * restarts: the unique key, not a lock, makes "once" true. Returns false when it was already claimed.
 */
export async function claimOnce(db: Database, key: string): Promise<boolean> {
  const row = await db.insertInto("claims").values({ key }).onConflict((oc) => oc.column("key").doNothing()).returning("key").executeTakeFirst();
  return row !== undefined;
}

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
