import { z } from "zod";
import { addDays, utcDate } from "../core/dates.js";
import type { Database } from "../db/database.js";
import { defineJob, type FeatureJob } from "../feature/define.js";
import type { FeatureJobs } from "../feature/jobs.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";

/** When the daily purge runs: 19:00 UTC, the small hours in China (03:00) and the evening in Europe. */
export const PURGE_HOUR_UTC = 19;

/**
 * The daily retention purge, one occurrence per tenant and day through the scheduler (so it runs once across
 * replicas, and a day missed during downtime is made up); the claim queues a job that deletes in short batches.
 */
export function purgeSchedule(db: Database, jobs: FeatureJobs): OccurrenceSchedule {
  return {
    name: "privacy-retention",
    late: "send",
    async *due(window) {
      const occurrences: Occurrence[] = [];
      for (let day = utcDate(window.from); day <= utcDate(window.to); day = addDays(day, 1)) {
        const at = new Date(`${day}T${String(PURGE_HOUR_UTC).padStart(2, "0")}:00:00Z`);
        if (at <= window.from || at > window.to) continue;
        const tenants = await db.selectFrom("tenants").select(["id", "locale", "timezone"]).execute();
        for (const tenant of tenants) {
          occurrences.push({
            key: `privacy:purge:${tenant.id}:${day}`,
            dueAt: at,
            to: null,
            locale: tenant.locale === "en" ? "en" : "zh-CN",
            timeZone: tenant.timezone,
            async claimed() {
              await jobs.add("purge", { tenantId: tenant.id });
              return false;
            },
            message: () => null,
          });
        }
      }
      if (occurrences.length > 0) yield { occurrences };
    },
  };
}

export function purgeJob(purge: (tenantId: number, now: Date) => Promise<unknown>, now: () => Date): FeatureJob<unknown> {
  return defineJob({
    name: "purge",
    payload: z.object({ tenantId: z.number().int().positive() }),
    run: async ({ tenantId }) => void (await purge(tenantId, now())),
  });
}
