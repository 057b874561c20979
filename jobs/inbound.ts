import type { InboundEvent } from "../src/core/adapter.js";
import type { Dispatcher } from "../src/core/dispatcher.js";
import type { JobProcessor } from "../src/core/queue.js";
import { jobPayloads } from "./queues.js";

/** Runs one inbound event through the command core. */
export function inboundProcessor(dispatcher: Dispatcher): JobProcessor<"inbound"> {
  return async (payload) => {
    const { event } = jobPayloads.inbound.parse(payload);
    await dispatcher.handle(event as unknown as InboundEvent);
  };
}
