import type { Clock } from "../core/clock.js";
import { utcDate } from "../core/dates.js";
import { DEDUPE_TTL_MS } from "../core/ingest.js";
import type { PendingStore } from "../core/pending.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { DeliveryFlow } from "../notify/delivery.js";

/** The window a tick covers: everything due after `from` and up to and including `to`. */
export interface TickWindow {
  from: Date;
  to: Date;
}

/** A schedule the tick runs; it computes what fell due in the window and claims each occurrence. */
export interface Schedule {
  name: string;
  run(window: TickWindow): Promise<void>;
}

/** How long an occurrence claim is kept: far past any catch-up or look-back, so forgetting it can never resend. */
export const CLAIM_RETENTION_MS = 35 * 24 * 60 * 60 * 1000;

/** The longest gap a tick makes up for after downtime: older occurrences are skipped, not sent late. */
export const MAX_CATCH_UP_MS = 6 * 60 * 60 * 1000;

export type TickFlow = ReturnType<typeof createTickFlow>;

/** The minute tick: run every schedule over (last tick, now], then housekeeping. */
export function createTickFlow(deps: { db: Database; clock: Clock; schedules: Schedule[]; delivery: DeliveryFlow; pending: PendingStore; logger: Logger }) {
  const { db, clock, logger } = deps;
  return {
    async tick(at?: Date): Promise<TickWindow> {
      const to = at ?? clock.now();
      const state = await db.selectFrom("scheduler_state").select("last_at").where("name", "=", "tick").executeTakeFirst();
      const last = state?.last_at ?? new Date(to.getTime() - 60_000);
      const from = new Date(Math.max(last.getTime(), to.getTime() - MAX_CATCH_UP_MS));
      const window = { from, to };
      if (to.getTime() > from.getTime()) {
        for (const schedule of deps.schedules) {
          try {
            await schedule.run(window);
          } catch (error) {
            logger.error({ err: error, schedule: schedule.name }, "schedule failed");
          }
        }
      }
      await db
        .insertInto("scheduler_state")
        .values({ name: "tick", last_at: to })
        .onConflict((oc) => oc.column("name").doUpdateSet({ last_at: to }))
        .execute();
      await db.deleteFrom("inbound_keys").where("received_at", "<", new Date(Date.now() - DEDUPE_TTL_MS)).execute();
      await deps.pending.prune();
      await deps.delivery.sweep();
      if (utcDate(from) !== utcDate(to)) {
        // Once a day (the tick that crosses UTC midnight): claims only matter while their occurrence could recur.
        await db.deleteFrom("claims").where("claimed_at", "<", new Date(Date.now() - CLAIM_RETENTION_MS)).execute();
      }
      return window;
    },
  };
}
