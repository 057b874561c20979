import type { Database } from "../db/database.js";
import { openRisks, type RiskRow } from "./risk-store.js";

/** What the sponsor digest (and other later features) may read of governance. */
export interface GovernanceReads {
  /** A project's open risks, highest exposure first, with how many are not reviewed for two working weeks. */
  risks(tenantId: number, projectId: number): Promise<{ open: { key: string; text: string; exposure: number; ownerId: number; escalated: boolean }[]; unreviewed: number }>;
  /** Change requests waiting for a decision (reviewed by the PM) or for the PM's review. */
  changesAwaitingDecision(projectId: number): Promise<{ key: string; text: string; status: "submitted" | "reviewed"; since: Date }[]>;
}

export function createGovernanceReads(db: Database, unreviewedAmong: (tenantId: number, risks: readonly RiskRow[]) => Promise<Set<string>>): GovernanceReads {
  return {
    async risks(tenantId, projectId) {
      const rows = await openRisks(db, projectId);
      const unreviewed = await unreviewedAmong(tenantId, rows);
      return {
        open: rows.map((r) => ({ key: r.key, text: r.text, exposure: r.impact * r.likelihood, ownerId: r.owner_id, escalated: r.escalated_at !== null && (r.decided_at === null || r.decided_at < r.escalated_at) })),
        unreviewed: unreviewed.size,
      };
    },
    async changesAwaitingDecision(projectId) {
      const rows = await db.selectFrom("change_requests").select(["key", "text", "status", "created_at", "reviewed_at"]).where("project_id", "=", projectId).where("status", "in", ["submitted", "reviewed"]).orderBy("number").execute();
      return rows.map((r) => ({ key: r.key, text: r.text, status: r.status as "submitted" | "reviewed", since: r.reviewed_at ?? r.created_at }));
    },
  };
}
