import { createHmac, timingSafeEqual } from "node:crypto";
import type { Database } from "../db/database.js";

/** How long a web-report link works. */
export const LINK_DAYS = 14;

const sign = (secret: string, payload: string) => createHmac("sha256", secret).update(`digest-report:${payload}`).digest("base64url");

/** A link's token: the link row's id, tenant and expiry, readable, and an HMAC over them. */
export function signLink(secret: string, link: { id: number; tenantId: number; expiresAt: number }): string {
  const payload = Buffer.from(JSON.stringify([link.id, link.tenantId, link.expiresAt])).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
}

/** What a token names, or null when it was tampered with, is malformed or has expired. */
export function verifyLink(secret: string, token: string, now: number): { id: number; tenantId: number; expiresAt: number } | null {
  const [payload, mac, extra] = token.split(".");
  if (!payload || !mac || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== 3 || !fields.every((f) => Number.isSafeInteger(f))) return null;
  const [id, tenantId, expiresAt] = fields as number[];
  if (expiresAt! <= now) return null;
  return { id: id!, tenantId: tenantId!, expiresAt: expiresAt! };
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
