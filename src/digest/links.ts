import { signFields, verifyFields } from "../core/signed-token.js";
import type { Database } from "../db/database.js";

/** How long a web-report link works. */
export const LINK_DAYS = 14;

/** A link's token: the link row's id, tenant and expiry, readable, and an HMAC over them. */
export function signLink(secret: string, link: { id: number; tenantId: number; expiresAt: number }): string {
  return signFields(secret, "digest-report", [link.id, link.tenantId, link.expiresAt]);
}

/** What a token names, or null when it was tampered with, is malformed or has expired. */
export function verifyLink(secret: string, token: string, now: number): { id: number; tenantId: number; expiresAt: number } | null {
  const fields = verifyFields(secret, "digest-report", token, 3, now);
  return fields ? { id: fields[0]!, tenantId: fields[1]!, expiresAt: fields[2]! } : null;
}

/** The links table: one row per link handed out, so that `digest revoke` can kill them. */
export function createLinkStore(db: Database) {
  return {
    /** A new link row; `via` is the caller's transaction when the link must commit with a send. */
    async create(tenantId: number, projectId: number, personId: number, now: Date, via: Database = db): Promise<{ id: number; expiresAt: Date }> {
      const expiresAt = new Date(now.getTime() + LINK_DAYS * 86_400_000);
      const row = await via.insertInto("digest_links").values({ tenant_id: tenantId, project_id: projectId, person_id: personId, expires_at: expiresAt, created_at: now }).returning("id").executeTakeFirstOrThrow();
      return { id: Number(row.id), expiresAt };
    },
    /** A live link's row, only within its own tenant. */
    async live(id: number, tenantId: number, now: Date): Promise<{ projectId: number; personId: number } | null> {
      const row = await db
        .selectFrom("digest_links")
        .select(["project_id", "person_id"])
        .where("id", "=", String(id))
        .where("tenant_id", "=", tenantId)
        .where("revoked_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return row ? { projectId: row.project_id, personId: row.person_id } : null;
    },
    /** Revokes a person's live links to a project (or everyone's); how many. */
    async revoke(projectId: number, personId: number | null, now: Date): Promise<number> {
      let q = db.updateTable("digest_links").set({ revoked_at: now }).where("project_id", "=", projectId).where("revoked_at", "is", null).where("expires_at", ">", now);
      if (personId !== null) q = q.where("person_id", "=", personId);
      const done = await q.executeTakeFirst();
      return Number(done.numUpdatedRows);
    },
  };
}

export type LinkStore = ReturnType<typeof createLinkStore>;
