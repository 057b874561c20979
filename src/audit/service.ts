import type { ConversationRef } from "../core/adapter.js";
import type { Database } from "../db/database.js";

export interface AuditEntry {
  tenantId: number;
  personId: number | null;
  projectId: number | null;
  action: string;
  outcome: "ok" | "refused" | "invalid" | "error" | "cancelled";
  details?: Record<string, unknown>;
  conversation?: ConversationRef;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  createdAt: Date;
}

export type AuditService = ReturnType<typeof createAuditService>;

/** The audit log: who did what, when, from which conversation. */
export function createAuditService(db: Database) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db
        .insertInto("audit_log")
        .values({
          tenant_id: entry.tenantId,
          person_id: entry.personId,
          project_id: entry.projectId,
          action: entry.action,
          outcome: entry.outcome,
          details: JSON.stringify(entry.details ?? {}),
          conversation: entry.conversation ? JSON.stringify(entry.conversation) : null,
        })
        .execute();
    },

    async recent(tenantId: number, limit = 50): Promise<AuditRecord[]> {
      const rows = await db
        .selectFrom("audit_log")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        tenantId: r.tenant_id,
        personId: r.person_id,
        projectId: r.project_id,
        action: r.action,
        outcome: r.outcome as AuditEntry["outcome"],
        details: r.details,
        ...(r.conversation ? { conversation: r.conversation as ConversationRef } : {}),
        createdAt: r.created_at,
      }));
    },
  };
}
