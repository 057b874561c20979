import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { naturalBatch } from "../notify/natural-batch.js";

const PREFIX = "schedule:";

/** Records that a schedule has run over everything due up to `to` (never moves it back). */
export async function markRan(db: Database, schedule: string, to: Date): Promise<void> {
  await markRanMany(db, [{ schedule, to }]);
}

/** markRan for many schedules in one statement, in name order (the latest `to` of each); never moves one back. */
export async function markRanMany(db: Database, runs: readonly { schedule: string; to: Date }[]): Promise<void> {
  const latest = new Map<string, Date>();
  for (const { schedule, to } of runs) {
    const seen = latest.get(schedule);
    if (!seen || seen.getTime() < to.getTime()) latest.set(schedule, to);
  }
  if (latest.size === 0) return;
  const rows = [...latest].map(([schedule, to]) => ({ name: `${PREFIX}${schedule}`, last_at: to })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  await db
    .insertInto("scheduler_state")
    .values(rows)
    .onConflict((oc) => oc.column("name").doUpdateSet({ last_at: sql`excluded.last_at` }).where(sql<boolean>`scheduler_state.last_at < excluded.last_at`))
    .execute();
}

/**
 * markRan for the schedules of a process, naturally batched: the schedules of one tick finishing at about the same
 * time record their progress in one statement (or a few) instead of a commit each. Each caller still waits for its
 * own write, so a run is only "done" once its progress is stored.
 */
export function createProgressWriter(db: Database): (schedule: string, to: Date) => Promise<void> {
  const write = naturalBatch(async (runs: readonly { schedule: string; to: Date }[]) => {
    await markRanMany(db, runs);
    return runs.map(() => undefined);
  });
  return (schedule, to) => write({ schedule, to });
}

/**
 * What the tick reads first, in one query: the moment of the last tick (`tickState` names its row) and up to when
 * each schedule has run, by name (schedules that never ran are missing).
 */
export async function schedulerState(db: Database, tickState: string): Promise<{ lastTick: Date | undefined; ranUntil: Map<string, Date> }> {
  const rows = await db
    .selectFrom("scheduler_state")
    .select(["name", "last_at"])
    .where((eb) => eb.or([eb("name", "=", tickState), eb("name", "like", `${PREFIX}%`)]))
    .execute();
  const ranUntil = new Map<string, Date>();
  let lastTick: Date | undefined;
  for (const row of rows) {
    if (row.name === tickState) lastTick = row.last_at;
    else ranUntil.set(row.name.slice(PREFIX.length), row.last_at);
  }
  return { lastTick, ranUntil };
}
