import type { InboundEvent } from "../src/core/adapter.js";
import type { Dispatcher } from "../src/core/dispatcher.js";
import type { InboundClaims } from "../src/core/ingest.js";
import type { JobProcessor } from "../src/core/queue.js";
import { jobPayloads } from "./queues.js";

/**
 * Claims one inbound event's delivery key, runs it through the command core, and marks it done; a duplicate stops
 * at the claim. A run that throws (the database or Redis went away) releases its key and fails the job, which the
 * queue retries with backoff for hours, so an acknowledged event still runs once they are back.
 */
export function inboundProcessor(deps: { dispatcher: Dispatcher; claims: InboundClaims; onEvent?: (platform: string, duplicate: boolean) => void }): JobProcessor<"inbound"> {
  return async (payload) => {
    const event = jobPayloads.inbound.parse(payload).event as unknown as InboundEvent;
    const outcome = await deps.claims.claim(event);
    deps.onEvent?.(event.conversation.platform, outcome === "duplicate");
    if (outcome === "duplicate") return;
    try {
      await deps.dispatcher.handle(event);
    } catch (error) {
      await deps.claims.release(event);
      throw error;
    }
    await deps.claims.done(event);
  };
}
