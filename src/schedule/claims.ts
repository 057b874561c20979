import type { Database } from "../db/database.js";

/**
 * Claims an occurrence (e.g. `standup:{team}:{person}:{local-date}`) exactly once across replicas and
 * restarts: the unique key, not a lock, makes "once" true. Returns false when it was already claimed.
 */
export async function claimOnce(db: Database, key: string): Promise<boolean> {
  const row = await db.insertInto("claims").values({ key }).onConflict((oc) => oc.column("key").doNothing()).returning("key").executeTakeFirst();
  return row !== undefined;
}
