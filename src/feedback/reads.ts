import type { FeedbackDeps } from "./deps.js";
import { feedbackDigest, type FeedbackDigest } from "./digest-read.js";
import type { Stats, StatsRow } from "./stats.js";

/** Feedback accepted in triage: what a participation score may reward (each once, by its `ref`). */
export interface AcceptedFeedback {
  tenantId: number;
  projectId: number;
  /** The reporter (null once erased: nothing to award). */
  personId: number | null;
  /** `FB-12` */
  ref: string;
  triagedAt: Date;
}

/** What the sponsor digest (and any later feature) reads of feedback; the feedback tables stay feedback's alone. */
export interface FeedbackReads {
  /**
   * Counts by status and type, open items by priority and type, the oldest untriaged one, urgent ones past their
   * response target, and over the week from `since` (default: the last 7 days): items filed and resolved, releases.
   */
  digest(tenantId: number, projectId: number, since?: Date): Promise<FeedbackDigest>;
  /** The rows of `feedback stats`: per type, per module and in total. */
  stats(tenantId: number, projectId: number): Promise<StatsRow[]>;
  /**
   * Items accepted in triage (triaged and not turned down as won't fix or a duplicate) since an instant: the
   * participation hook for adoption's points ("feedback accepted in triage"), read the way it reads stand-ups.
   */
  acceptedSince(tenantId: number, projectId: number, since: Date): Promise<AcceptedFeedback[]>;
}

export function createFeedbackReads(deps: Pick<FeedbackDeps, "db" | "core">, stats: Stats): FeedbackReads {
  const { db } = deps;
  const owned = async (tenantId: number, projectId: number) => (await deps.core.projects.get(tenantId, projectId)) !== null;
  return {
    async digest(tenantId, projectId, since) {
      if (!(await owned(tenantId, projectId))) throw new Error(`project ${projectId} is not in tenant ${tenantId}`);
      const now = deps.core.clock.now();
      return feedbackDigest(db, projectId, now, since ?? new Date(now.getTime() - 7 * 86_400_000));
    },
    async stats(tenantId, projectId) {
      if (!(await owned(tenantId, projectId))) throw new Error(`project ${projectId} is not in tenant ${tenantId}`);
      return stats.rows(projectId);
    },
    async acceptedSince(tenantId, projectId, since) {
      const rows = await db
        .selectFrom("feedback_items")
        .select(["reporter_id", "key", "triaged_at"])
        .where("tenant_id", "=", tenantId)
        .where("project_id", "=", projectId)
        .where("triaged_at", ">", since)
        .where("status", "not in", ["wont_fix", "merged"])
        .orderBy("triaged_at")
        .execute();
      return rows.map((r) => ({ tenantId, projectId, personId: r.reporter_id, ref: r.key, triagedAt: r.triaged_at! }));
    },
  };
}
