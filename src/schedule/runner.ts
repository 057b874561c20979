import type { PlatformId } from "../core/adapter.js";
import { chunked } from "../core/chunked.js";
import { eachAtMost } from "../core/each-at-most.js";
import type { JobQueue } from "../core/queue.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { findDirectTargets, type DirectTarget } from "../people/direct-targets.js";
import type { DeliveryTarget } from "../notify/target.js";
import { claimMany, withOutbox } from "./claim-and-notify.js";
import { claimedAmong } from "./claims.js";
import { createProgressWriter } from "./progress.js";
import { lateMark } from "./late-mark.js";
import type { Occurrence, OccurrenceChunk, OccurrenceSchedule, ScheduleOutcome, ScheduleWindow } from "./occurrence.js";
import { createPacer } from "./pacer.js";

/** How far back a run looks again by default: an occurrence whose claim failed is retried, never doubled. */
export const DEFAULT_LOOKBACK_MS = 15 * 60 * 1000;
const DEFAULT_BATCH = 50;

export type OccurrenceOutcome = "sent" | "late" | "skipped" | "unreachable" | "failed";

export interface ScheduleRunnerDeps {
  db: Database;
  queue: JobQueue;
  logger: Logger;
  /** Sends per second each platform allows workspace-wide (0: no limit); paced occurrences are spread to it. */
  sendRate: (platform: PlatformId) => number;
  onOccurrences?: (schedule: string, outcome: OccurrenceOutcome, count: number) => void;
}

export type ScheduleRunner = ReturnType<typeof createScheduleRunner>;

const byKey = (a: Occurrence, b: Occurrence) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Runs occurrence schedules: what is due → already claimed? → expired? → claim in batches, each batch's outbox rows
 * in the claim's transaction → deliver after commit. Written once for every schedule. Runs of one schedule are
 * serialised in a process; across replicas the claims make "once" true.
 */
export function createScheduleRunner(deps: ScheduleRunnerDeps) {
  const { db, queue, logger } = deps;
  const pacer = createPacer(deps.sendRate);
  const markRan = createProgressWriter(db);
  const chains = new Map<string, Promise<unknown>>();
  const doneThrough = new Map<string, number>();



  /** DM targets of the batch's person occurrences, one query per tenant, read before the transaction. */
  const directTargets = async (batch: readonly Occurrence[]): Promise<Map<string, DirectTarget>> => {
    const byTenant = new Map<number, number[]>();
    for (const o of batch) {
      if (!o.to || !("person" in o.to)) continue;
      const { tenantId, personId } = o.to.person;
      const people = byTenant.get(tenantId);
      if (people) people.push(personId);
      else byTenant.set(tenantId, [personId]);
    }
    const out = new Map<string, DirectTarget>();
    for (const [tenantId, people] of byTenant) for (const [personId, target] of await findDirectTargets(db, people, tenantId)) out.set(`${tenantId}:${personId}`, target);
    return out;
  };

  const targetOf = (o: Occurrence, dms: Map<string, DirectTarget>): { target: DeliveryTarget; tenantId: number; personId: number | null } | null => {
    const to = o.to;
    if (!to) return null;
    if ("person" in to) {
      const dm = dms.get(`${to.person.tenantId}:${to.person.personId}`);
      return dm ? { target: { type: "direct", ...dm }, tenantId: to.person.tenantId, personId: to.person.personId } : null;
    }
    return { target: { type: "conversation", conversation: to.conversation }, tenantId: to.tenantId, personId: null };
  };

  const platformOf = (target: DeliveryTarget): PlatformId => (target.type === "conversation" ? target.conversation.platform : target.platform);

  return {
    /**
     * Runs one schedule over a tick's window (widened by its look-back); never throws for one bad occurrence. A run
     * that got through its whole window records its progress, or hands it to `progress` (the tick records the
     * progress of all its schedules in one statement).
     */
    run(schedule: OccurrenceSchedule, tickWindow: ScheduleWindow, progress: (schedule: string, to: Date) => Promise<void> = markRan): Promise<ScheduleOutcome> {
      const previous = chains.get(schedule.name) ?? Promise.resolve();
      const current = previous.catch(() => undefined).then(() => runOnce(schedule, tickWindow, progress));
      chains.set(schedule.name, current);
      void current
        .finally(() => {
          doneThrough.set(schedule.name, Math.max(doneThrough.get(schedule.name) ?? 0, tickWindow.to.getTime()));
          if (chains.get(schedule.name) === current) chains.delete(schedule.name);
        })
        .catch(() => undefined);
      return current;
    },
    /** True once every named schedule has run here over a window ending at `at` or later (benchmarks wait on it). */
    ranThrough: (names: readonly string[], at: Date): boolean => names.every((name) => (doneThrough.get(name) ?? 0) >= at.getTime()),
  };

  async function runOnce(schedule: OccurrenceSchedule, tickWindow: ScheduleWindow, progress: (schedule: string, to: Date) => Promise<void>): Promise<ScheduleOutcome> {
    const lookback = schedule.lookbackMs ?? DEFAULT_LOOKBACK_MS;
    const window: ScheduleWindow = { from: new Date(tickWindow.from.getTime() - lookback), to: tickWindow.to };
    const now = window.to.getTime();
    const outcome = { window, due: 0, claimed: 0, sent: 0, late: 0, skipped: 0, failed: new Set<string>() };
    const count = (what: OccurrenceOutcome, n: number) => {
      if (n > 0) deps.onOccurrences?.(schedule.name, what, n);
    };

    const expired = (o: Occurrence): boolean => {
      const end = o.expiresAt?.getTime() ?? (schedule.late === "skip" ? o.dueAt.getTime() + lookback : Number.POSITIVE_INFINITY);
      return now >= end;
    };
    const isLate = (o: Occurrence): boolean => schedule.late === "send" && now - o.dueAt.getTime() > lookback;

    const writeBatch = async (chunk: OccurrenceChunk, batch: readonly Occurrence[]): Promise<void> => {
      const dms = await directTargets(batch.filter((o) => !expired(o)));
      const result = await withOutbox(db, queue, async (notify, trx) => {
        const claimed = await claimMany(trx, batch.map((o) => o.key));
        const mine = batch.filter((o) => claimed.has(o.key));
        const live = mine.filter((o) => !expired(o));
        const admitted = chunk.admit && live.length > 0 ? await chunk.admit(trx, live) : null;
        const sends: Parameters<typeof notify.enqueueMany>[0] = [];
        let skipped = 0;
        let late = 0;
        let unreachable = 0;
        for (const o of mine) {
          if (expired(o)) {
            await o.claimed?.(trx);
            skipped++;
            continue;
          }
          if (admitted && !admitted.has(o.key)) continue;
          if (o.claimed && (await o.claimed(trx)) === false) continue;
          const to = targetOf(o, dms);
          if (!to) {
            if (o.to) unreachable++;
            continue;
          }
          const lateNow = isLate(o);
          const built = await o.message({ trx, late: lateNow });
          if (!built) continue;
          const message = lateNow ? lateMark(built, o) : built;
          if (lateNow) late++;
          const notBefore = o.pace ? pacer.slot(platformOf(to.target)) : undefined;
          sends.push({ target: to.target, message, opts: { key: o.key, tenantId: to.tenantId, personId: to.personId, ...(o.editOf ? { editOf: o.editOf } : {}), ...(notBefore ? { notBefore } : {}) } });
        }
        await notify.enqueueMany(sends);
        return { claimed: mine.length, sent: sends.length, skipped, late, unreachable };
      });
      outcome.claimed += result.claimed;
      outcome.sent += result.sent;
      outcome.skipped += result.skipped;
      outcome.late += result.late;
      count("sent", result.sent - result.late);
      count("late", result.late);
      count("skipped", result.skipped);
      count("unreachable", result.unreachable);
      if (result.skipped > 0) logger.info({ schedule: schedule.name, skipped: result.skipped }, "occurrences skipped: their time had passed (downtime or a clock jump)");
      if (result.late > 0) logger.info({ schedule: schedule.name, late: result.late }, "occurrences sent late, marked late");
    };

    /**
     * A failing batch is written again in halves, and each failing half again, down to single occurrences: one bad
     * row costs one occurrence, and a whole tick's batch (thousands) costs tens of transactions to find it, not thousands.
     */
    const writeSafely = async (chunk: OccurrenceChunk, batch: readonly Occurrence[], failed: Set<string>): Promise<void> => {
      try {
        await writeBatch(chunk, batch);
      } catch (error) {
        if (batch.length === 1) {
          failed.add(batch[0]!.key);
          count("failed", 1);
          logger.error({ err: error, schedule: schedule.name, key: batch[0]!.key }, "occurrence failed; a later run's look-back retries it");
          return;
        }
        logger.warn({ err: error, schedule: schedule.name, size: batch.length }, "occurrence batch failed; claiming it again in halves");
        const half = Math.ceil(batch.length / 2);
        await writeSafely(chunk, batch.slice(0, half), failed);
        await writeSafely(chunk, batch.slice(half), failed);
      }
    };

    try {
      for await (const chunk of schedule.due(window)) {
        outcome.due += chunk.occurrences.length;
        const claimedBefore = await claimedAmong(db, chunk.occurrences.map((o) => o.key));
        const open = chunk.occurrences.filter((o) => !claimedBefore.has(o.key));
        const concurrency = Math.max(1, schedule.concurrency ?? 1);
        const ordered = concurrency > 1 ? [...open].sort(byKey) : open;
        const size = schedule.batchSize ?? DEFAULT_BATCH;
        const failed = new Set<string>();
        await eachAtMost(chunked(ordered, size), concurrency, async (batch) => {
          await writeSafely(chunk, batch, failed);
          // Embedded PGlite answers without real I/O: let due timers (paced deliver jobs) run between batches.
          await new Promise<void>((resolve) => setImmediate(resolve));
        });
        for (const key of failed) outcome.failed.add(key);
        await chunk.done?.(failed);
      }
    } catch (error) {
      logger.error({ err: error, schedule: schedule.name }, "schedule failed; the next run covers its window again");
      return outcome;
    }
    // Only a run that got through its whole window moves the schedule on: a crash or a failure before this line
    // leaves the window to the next tick, whichever queue driver ran it.
    await progress(schedule.name, tickWindow.to);
    return outcome;
  }
}
