import type { JobProcessor } from "../src/core/queue.js";
import type { TickFlow } from "../src/schedule/tick.js";
import { jobPayloads } from "./queues.js";

/** The minute tick: what fell due since the last one. */
export function tickProcessor(flow: TickFlow): JobProcessor<"tick"> {
  return async (payload) => {
    const { at } = jobPayloads.tick.parse(payload);
    await flow.tick(at ? new Date(at) : undefined);
  };
}
