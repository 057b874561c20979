import type { Clock } from "../core/clock.js";
import { utcDate } from "../core/dates.js";
import { eachAtMost } from "../core/each-at-most.js";
import { errorText } from "../core/error-text.js";
import { DEDUPE_TTL_MS, pruneInboundKeys } from "../core/ingest.js";
import type { PendingStore } from "../core/pending.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { DeliveryFlow } from "../notify/delivery.js";
import type { OccurrenceSchedule, ScheduleWindow } from "./occurrence.js";
import { markRanMany, schedulerState } from "./progress.js";

/** The window a tick covers: everything due after `from` and up to and including `to`. */
export type TickWindow = ScheduleWindow;

/** How long an occurrence claim is kept: far past any catch-up or look-back, so forgetting it can never resend. */
export const CLAIM_RETENTION_MS = 35 * 24 * 60 * 60 * 1000;

/**
 * The longest downtime a tick makes up for. Within it every schedule sees the whole gap and applies its own late
 * policy (a summary goes out late, marked late; a prompt whose window closed is skipped and counted). Beyond it the
 * oldest part of the gap is not looked at: logged and counted as `rollout_catch_up_truncated_total`.
 */
export const MAX_CATCH_UP_MS = 3 * 24 * 60 * 60 * 1000;

export type TickFlow = ReturnType<typeof createTickFlow>;

/** Schedules a tick runs at once (as many as the schedule jobs' worker ran before the tick ran them itself). */
const SCHEDULES_AT_ONCE = 4;

/**
 * The minute tick: runs every schedule over (last tick, now], four at a time, so that a slow schedule (a
 * 10,000-person fan-out) delays no other; then housekeeping. A run that fails records no progress, so the next tick
 * covers its window again.
 *
 * The schedules run in the tick's own job rather than one job each: a job costs three to five queue round trips
 * however little it does, and a tick with nothing due was mostly that (sixteen jobs, about 55 Redis commands a
 * minute). The price is that one replica runs a tick's schedules; a replica handles a 10,000-person fan-out in a few
 * seconds.
 */
export function createTickFlow(deps: {
  db: Database;
  clock: Clock;
  schedules: readonly OccurrenceSchedule[];
  delivery: DeliveryFlow;
  pending: PendingStore;
  logger: Logger;
  /** Runs one schedule over its window (the schedule runner), handing its progress to `progress` once it got through. */
  run: (schedule: OccurrenceSchedule, window: ScheduleWindow, progress: (schedule: string, to: Date) => Promise<void>) => Promise<unknown>;
  onCatchUpTruncated?: (lostMs: number) => void;
}) {
  const { db, clock, logger } = deps;
  return {
    async tick(at?: Date): Promise<TickWindow> {
      const to = at ?? clock.now();
      // Each schedule resumes from where it last got through, so a run lost to a crash (or that failed) is made up
      // by the next tick, not only by the 15-minute look-back.
      const state = await schedulerState(db, "tick");
      const ran = state.ranUntil;
      const last = state.lastTick ?? new Date(to.getTime() - 60_000);
      const from = new Date(Math.max(last.getTime(), to.getTime() - MAX_CATCH_UP_MS));
      if (from.getTime() > last.getTime()) {
        const lostMs = from.getTime() - last.getTime();
        logger.warn({ since: last.toISOString(), lostMs }, "the bot was down longer than it catches up for; occurrences before the catch-up window are not sent");
        deps.onCatchUpTruncated?.(lostMs);
      }
      const window = { from, to };
      // The schedules that got through their windows, recorded together once all have run (one statement, not one
      // commit each); a crash before that only makes the next tick run their windows again, which claims make harmless.
      const completed: { schedule: string; to: Date }[] = [];
      const progress = async (schedule: string, through: Date): Promise<void> => void completed.push({ schedule, to: through });
      const due: { schedule: OccurrenceSchedule; from: Date }[] = [];
      for (const schedule of deps.schedules) {
        const own = ran.get(schedule.name);
        const scheduleFrom = own ? new Date(Math.max(Math.min(own.getTime(), from.getTime()), to.getTime() - MAX_CATCH_UP_MS)) : from;
        if (to.getTime() > scheduleFrom.getTime()) due.push({ schedule, from: scheduleFrom });
      }
      await eachAtMost(due, SCHEDULES_AT_ONCE, ({ schedule, from: scheduleFrom }) =>
        deps.run(schedule, { from: scheduleFrom, to }, progress).then(
          () => undefined,
          // Its progress was not recorded, so the next tick covers its window again.
          (error: unknown) => logger.warn({ schedule: schedule.name, err: errorText(error) }, "schedule run failed; the next tick covers its window again"),
        ),
      );
      await Promise.all([
        markRanMany(db, completed),
        db
          .insertInto("scheduler_state")
          .values({ name: "tick", last_at: to })
          .onConflict((oc) => oc.column("name").doUpdateSet({ last_at: to }))
          .execute(),
      ]);
      // Housekeeping: independent statements, run side by side.
      await Promise.all([
        pruneInboundKeys(db, new Date(Date.now() - DEDUPE_TTL_MS)),
        deps.pending.prune(),
        deps.delivery.sweep(),
        // Once a day (the tick that crosses UTC midnight): claims only matter while their occurrence could recur.
        utcDate(from) !== utcDate(to) ? db.deleteFrom("claims").where("claimed_at", "<", new Date(Date.now() - CLAIM_RETENTION_MS)).execute() : undefined,
      ]);
      return window;
    },
  };
}
