import type { AddOptions, JobQueue } from "../core/queue.js";

/** How a feature queues its own jobs: by its local name; the queue carries them as `feature` jobs. */
export interface FeatureJobs {
  add(name: string, payload: unknown, options?: AddOptions): Promise<void>;
}

/** Binds the queue to one feature, so its job names cannot collide with another's. */
export function featureJobs(queue: JobQueue, feature: string): FeatureJobs {
  return { add: (name, payload, options) => queue.add("feature", { name: `${feature}.${name}`, payload }, options) };
}
