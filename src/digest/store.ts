import type { Database } from "../db/database.js";
import type { PreviousDigest, StatusOverride } from "./model.js";
import type { RagStatus } from "./schema.js";

/** The digest's own tables: the PM's status word and the history of digests sent. */
export function createDigestStore(db: Database) {
  return {
    async override(projectId: number): Promise<StatusOverride | null> {
      const row = await db
        .selectFrom("digest_status")
        .leftJoin("people", "people.id", "digest_status.set_by")
        .select(["digest_status.status", "digest_status.note", "digest_status.set_at", "people.display_name"])
        .where("digest_status.project_id", "=", projectId)
        .executeTakeFirst();
      return row ? { status: row.status, note: row.note, setBy: row.display_name ?? null, setAt: row.set_at } : null;
    },
    async setOverride(tenantId: number, projectId: number, status: RagStatus, note: string, by: number, at: Date): Promise<void> {
      await db
        .insertInto("digest_status")
        .values({ tenant_id: tenantId, project_id: projectId, status, note, set_by: by, set_at: at })
        .onConflict((oc) => oc.column("project_id").doUpdateSet({ status, note, set_by: by, set_at: at }))
        .execute();
    },
    async clearOverride(projectId: number): Promise<boolean> {
      const done = await db.deleteFrom("digest_status").where("project_id", "=", projectId).executeTakeFirst();
      return Number(done.numDeletedRows) > 0;
    },
    /** The last digest sent before `before`. */
    async previous(projectId: number, before: Date): Promise<PreviousDigest | null> {
      const row = await db.selectFrom("digest_history").select(["sent_at", "status", "figures"]).where("project_id", "=", projectId).where("sent_at", "<=", before).orderBy("sent_at", "desc").limit(1).executeTakeFirst();
      return row ? { sentAt: row.sent_at, status: row.status, figures: row.figures } : null;
    },
    /** Stores a sent digest's numbers once per period (a second recipient of the same send adds nothing). */
    async record(trx: Database, entry: { tenantId: number; projectId: number; period: string; kind: "weekly" | "manual"; status: RagStatus; figures: Record<string, number>; at: Date }): Promise<void> {
      await trx
        .insertInto("digest_history")
        .values({ tenant_id: entry.tenantId, project_id: entry.projectId, period: entry.period, kind: entry.kind, status: entry.status, figures: JSON.stringify(entry.figures), sent_at: entry.at })
        .onConflict((oc) => oc.columns(["project_id", "period"]).doNothing())
        .execute();
    },
    async history(projectId: number, limit: number): Promise<{ sentAt: Date; kind: string; status: RagStatus; figures: Record<string, number> }[]> {
      const rows = await db.selectFrom("digest_history").select(["sent_at", "kind", "status", "figures"]).where("project_id", "=", projectId).orderBy("sent_at", "desc").limit(limit).execute();
      return rows.map((r) => ({ sentAt: r.sent_at, kind: r.kind, status: r.status, figures: r.figures }));
    },
  };
}

export type DigestStore = ReturnType<typeof createDigestStore>;
