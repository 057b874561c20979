import type { Queue } from "bullmq";

interface Waiting {
  name: string;
  data: unknown;
  opts: Record<string, unknown>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Natural batching of queue adds, per queue: an add made while nothing is on its way to Redis goes at once, as a
 * plain `add`; adds made while a send is on its way wait for it and then go together, as one `addBulk` (one
 * pipelined write, at most 200 jobs). A quiet server pays no delay and builds no pipeline (building an ioredis
 * pipeline costs more than one add saves); a busy one spends one round trip on many adds. Each caller's promise
 * settles with its batch: a failed batch rejects every add in it (BullMQ's checks run before anything is sent; a
 * Redis error mid-pipeline may have queued some, which the job ids and the inbound claim make harmless when the
 * platform delivers again).
 */
export function createBulkAdder(queueOf: (name: string) => Queue, maxBatch = 200) {
  const waiting = new Map<string, Waiting[]>();
  const sending = new Set<string>();

  const send = async (name: string, part: Waiting[]): Promise<unknown> => {
    const queue = queueOf(name);
    const [only] = part;
    if (part.length === 1 && only) return queue.add(only.name, only.data, only.opts);
    return queue.addBulk(part.map((w) => ({ name: w.name, data: w.data, opts: w.opts })));
  };

  const next = (name: string): void => {
    const batch = waiting.get(name) ?? [];
    const part = batch.splice(0, maxBatch);
    if (batch.length === 0) waiting.delete(name);
    if (part.length === 0) {
      sending.delete(name);
      return;
    }
    sending.add(name);
    send(name, part)
      .then(
        () => part.forEach((w) => w.resolve()),
        (error: unknown) => part.forEach((w) => w.reject(error)),
      )
      .finally(() => next(name));
  };

  return (name: string, data: unknown, opts: Record<string, unknown>): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const entry = { name, data, opts, resolve, reject };
      const batch = waiting.get(name);
      if (batch) batch.push(entry);
      else waiting.set(name, [entry]);
      if (!sending.has(name)) next(name);
    });
}
