import type { InboundEvent } from "../core/adapter.js";
import { errorText } from "../core/error-text.js";
import { jobIdFor, type JobQueue } from "../core/queue.js";
import type { Logger } from "../logger.js";

/** The replies of one running event whose outbox rows are written and whose deliver jobs are held back. */
export interface HeldReplies {
  /** Delivers the held rows in this worker, in the order they were written; a row whose attempt throws gets its deliver job. */
  send(): Promise<void>;
  /** Queues a deliver job for each held row (the event's run failed; its replies still go out as they always did). */
  queue(): Promise<void>;
}

export type ReplyNow = ReturnType<typeof createReplyNow>;

/**
 * The fast path of a command's replies. While an inbound event runs, the outbox rows of its replies are written as
 * always, but their deliver jobs are held back (`hold`, then `take` from the notifier); once the event is done, the
 * worker that ran it delivers them itself through the delivery flow, which claims each row exactly as a deliver job
 * does — so a reply costs no second job. A send the platform refuses or rate-limits is handled by the flow as from a
 * deliver job (a delayed deliver job with the wait hint); only an attempt that throws (the database went away) falls
 * back to queueing the row's deliver job. A crash between the outbox write and the send leaves a pending row without a
 * job, which the tick's sweep queues (delivery.sweep: pending rows due more than a minute ago).
 */
export function createReplyNow(deps: { delivery: { deliver(deliveryId: string): Promise<void> }; queue: JobQueue; logger: Logger }) {
  const held = new WeakMap<InboundEvent, string[]>();

  const queueAll = async (ids: readonly string[]): Promise<void> => {
    for (const id of ids) {
      // Best effort: a row whose job cannot be queued now (Redis away) is queued by the sweep.
      await deps.queue.add("deliver", { deliveryId: id }, { jobId: jobIdFor(`deliver:${id}`) }).catch((error: unknown) => {
        deps.logger.warn({ delivery: id, err: errorText(error) }, "could not queue a reply's deliver job; the sweep will");
      });
    }
  };

  return {
    /** Holds back the deliver jobs of the replies to `event` from now on, until `send` or `queue` is called. */
    hold(event: InboundEvent): HeldReplies {
      const ids: string[] = [];
      held.set(event, ids);
      return {
        async send() {
          held.delete(event);
          for (const id of ids) {
            try {
              await deps.delivery.deliver(id);
            } catch (error) {
              deps.logger.warn({ delivery: id, err: errorText(error) }, "a reply's immediate delivery failed; queued instead");
              await queueAll([id]);
            }
          }
        },
        async queue() {
          held.delete(event);
          await queueAll(ids);
        },
      };
    },

    /** Called by the notifier with a reply's new outbox row: true when its deliver job is held (the worker sends it). */
    take(event: InboundEvent, deliveryId: string): boolean {
      const ids = held.get(event);
      if (!ids) return false;
      ids.push(deliveryId);
      return true;
    },
  };
}
