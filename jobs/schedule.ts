import type { JobProcessor } from "../src/core/queue.js";
import type { OccurrenceSchedule } from "../src/schedule/occurrence.js";
import type { ScheduleRunner } from "../src/schedule/runner.js";
import { jobPayloads } from "./queues.js";

/**
 * One schedule over one tick's window. The tick runs its schedules itself now (src/schedule/tick.ts); this job type
 * stays for the schedule jobs an earlier version queued, which a rolling upgrade leaves in Redis for the new workers.
 */
export function scheduleProcessor(runner: ScheduleRunner, schedules: readonly OccurrenceSchedule[]): JobProcessor<"schedule"> {
  const byName = new Map(schedules.map((s) => [s.name, s] as const));
  return async (payload) => {
    const { name, from, to } = jobPayloads.schedule.parse(payload);
    const schedule = byName.get(name);
    if (!schedule) throw new Error(`no schedule ${name}`);
    await runner.run(schedule, { from: new Date(from), to: new Date(to) });
  };
}
