import { eachAtMost } from "../src/core/each-at-most.js";
import type { JobProcessor } from "../src/core/queue.js";
import type { DeliveryFlow } from "../src/notify/delivery.js";
import { jobPayloads } from "./queues.js";

/** Rows of one job sent at once; each is claimed, sent, retried and recorded on its own. */
const AT_ONCE = 16;

/** Sends one outbox row, or several queued together; one row's error does not stop the others (thrown after them). */
export function deliverProcessor(flow: DeliveryFlow): JobProcessor<"deliver"> {
  return async (payload) => {
    const { deliveryId, more } = jobPayloads.deliver.parse(payload);
    if (!more || more.length === 0) return flow.deliver(deliveryId);
    const errors: unknown[] = [];
    await eachAtMost([deliveryId, ...more], AT_ONCE, (id) => flow.deliver(id).catch((error: unknown) => void errors.push(error)));
    if (errors.length > 0) throw errors[0];
  };
}
