import type { JobProcessor } from "../src/core/queue.js";
import type { FeatureJob } from "../src/feature/define.js";
import { jobPayloads } from "./queues.js";

/** Runs a feature's own job: finds it by its queued name, validates its payload with the feature's schema. */
export function featureJobProcessor(jobs: ReadonlyMap<string, FeatureJob<unknown>>): JobProcessor<"feature"> {
  return async (payload) => {
    const { name, payload: inner } = jobPayloads.feature.parse(payload);
    const job = jobs.get(name);
    if (!job) throw new Error(`no feature job ${name}`);
    await job.run(job.payload.parse(inner));
  };
}
