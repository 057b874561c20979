import type { InboundEvent } from "../src/core/adapter.js";
import type { Dispatcher } from "../src/core/dispatcher.js";
import type { JobProcessor } from "../src/core/queue.js";
import { jobPayloads } from "./queues.js";

/** Claims one inbound event's delivery key, then runs it through the command core; a duplicate stops at the claim. */
export function inboundProcessor(deps: { dispatcher: Dispatcher; claim: (event: InboundEvent) => Promise<boolean>; onEvent?: (platform: string, duplicate: boolean) => void }): JobProcessor<"inbound"> {
  return async (payload) => {
    const event = jobPayloads.inbound.parse(payload).event as unknown as InboundEvent;
    const fresh = await deps.claim(event);
    deps.onEvent?.(event.conversation.platform, !fresh);
    if (fresh) await deps.dispatcher.handle(event);
  };
}
