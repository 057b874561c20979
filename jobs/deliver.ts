import type { JobProcessor } from "../src/core/queue.js";
import type { DeliveryFlow } from "../src/notify/delivery.js";
import { jobPayloads } from "./queues.js";

/** Sends one outbox row. */
export function deliverProcessor(flow: DeliveryFlow): JobProcessor<"deliver"> {
  return async (payload) => {
    const { deliveryId } = jobPayloads.deliver.parse(payload);
    await flow.deliver(deliveryId);
  };
}
