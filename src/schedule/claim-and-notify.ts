import { sql } from "kysely";
import type { AddOptions, JobName, JobPayloads, JobQueue } from "../core/queue.js";
import type { Database } from "../db/database.js";
import { createNotifier, type Notifier } from "../notify/notifier.js";

/** What a claimed send does inside the transaction: write outbox rows through `notify`, read and write through `trx`. */
export type OutboxWork<T> = (notify: Notifier, trx: Database) => Promise<T>;

/**
 * Runs `work` in one transaction with a notifier bound to it, so the outbox rows it writes commit together
 * with everything else it changed — or not at all. Deliver jobs are queued only after the commit (a job
 * queued earlier could look for a row that is not visible yet); should the process die between commit and
 * queueing, the deliver sweep on the tick picks the pending rows up.
 */
export async function withOutbox<T>(db: Database, queue: JobQueue, work: OutboxWork<T>): Promise<T> {
  const queued: { name: JobName; payload: unknown; options: AddOptions | undefined }[] = [];
  const afterCommit: JobQueue = {
    ...queue,
    async add<N extends JobName>(name: N, payload: JobPayloads[N], options?: AddOptions): Promise<void> {
      queued.push({ name, payload, options });
    },
  };
  const result = await db.transaction().execute((trx) => work(createNotifier({ db: trx, queue: afterCommit }), trx));
  await Promise.all(queued.map((job) => queue.add(job.name, job.payload as JobPayloads[typeof job.name], job.options)));
  return result;
}

/**
 * Claims occurrences (`standup:{team}:{person}:{local-date}:prompt`) exactly once across replicas and restarts, in
 * one statement, in sorted key order: the unique key, not a lock, makes "once" true. Returns the keys this call claimed; keys someone
 * else (another replica, an earlier tick) claimed first are left out.
 */
export async function claimMany(db: Database, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  // In one global order: two transactions claiming overlapping keys (two replicas' ticks) wait for each other
  // instead of deadlocking.
  const sorted = [...new Set(keys)].sort();
  // One array parameter however many keys (unnest keeps their order).
  const { rows } = await sql<{ key: string }>`insert into claims (key) select unnest(${sorted}::text[]) on conflict (key) do nothing returning key`.execute(db);
  return new Set(rows.map((r) => r.key));
}
