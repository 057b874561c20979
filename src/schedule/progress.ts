import type { Database } from "../db/database.js";

const PREFIX = "schedule:";

/** Records that a schedule has run over everything due up to `to` (never moves it back). */
export async function markRan(db: Database, schedule: string, to: Date): Promise<void> {
  await db
    .insertInto("scheduler_state")
    .values({ name: `${PREFIX}${schedule}`, last_at: to })
    .onConflict((oc) => oc.column("name").doUpdateSet({ last_at: to }).where("scheduler_state.last_at", "<", to))
    .execute();
}

/** Up to when each schedule has run, by name (schedules that never ran are missing). */
export async function ranUntil(db: Database): Promise<Map<string, Date>> {
  const rows = await db.selectFrom("scheduler_state").select(["name", "last_at"]).where("name", "like", `${PREFIX}%`).execute();
  return new Map(rows.map((r) => [r.name.slice(PREFIX.length), r.last_at] as const));
}
