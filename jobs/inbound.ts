import type { InboundEvent } from "../src/core/adapter.js";
import type { Dispatcher } from "../src/core/dispatcher.js";
import type { InboundClaims } from "../src/core/ingest.js";
import type { JobProcessor } from "../src/core/queue.js";
import type { ReplyNow } from "../src/notify/reply-now.js";
import { jobPayloads } from "./queues.js";

/**
 * Claims one inbound event's delivery key, runs it through the command core, and marks it done; a duplicate stops
 * at the claim. A run that throws (the database or Redis went away) releases its key and fails the job, which the
 * queue retries with backoff for hours, so an acknowledged event still runs once they are back.
 * With `replies`, the event's replies are delivered by this job once the key is done, not by deliver jobs of their
 * own (reply-now.ts); a run that fails queues their deliver jobs as before.
 */
export function inboundProcessor(deps: { dispatcher: Dispatcher; claims: InboundClaims; replies?: ReplyNow; onEvent?: (platform: string, duplicate: boolean) => void }): JobProcessor<"inbound"> {
  return async (payload) => {
    const event = jobPayloads.inbound.parse(payload).event as unknown as InboundEvent;
    const outcome = await deps.claims.claim(event);
    deps.onEvent?.(event.conversation.platform, outcome === "duplicate");
    if (outcome === "duplicate") return;
    const held = deps.replies?.hold(event);
    try {
      try {
        await deps.dispatcher.handle(event);
      } catch (error) {
        await deps.claims.release(event);
        throw error;
      }
      await deps.claims.done(event);
    } catch (error) {
      await held?.queue();
      throw error;
    }
    await held?.send();
  };
}
