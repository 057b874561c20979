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
    const ids = [deliveryId, ...more];
    let next = 0;
    const errors: unknown[] = [];
    const worker = async (): Promise<void> => {
      for (let id = ids[next++]; id !== undefined; id = ids[next++]) await flow.deliver(id).catch((error: unknown) => void errors.push(error));
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, ids.length) }, worker));
    if (errors.length > 0) throw errors[0];
  };
}
