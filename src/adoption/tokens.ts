import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Database } from "../db/database.js";

export interface TokenRow {
  number: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const hashOf = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** Tokens for the events endpoint: one project each, stored as a hash, the token itself shown once. */
export function createTokenStore(db: Database) {
  return {
    async create(input: { tenantId: number; projectId: number; name: string; by: number | null; at: Date }): Promise<{ number: number; token: string }> {
      const token = `rba_${randomBytes(24).toString("base64url")}`;
      const row = await sql<{ number: number }>`
        insert into adoption_tokens (tenant_id, project_id, number, name, hash, created_by, created_at)
        select ${input.tenantId}, ${input.projectId}, coalesce(max(number), 0) + 1, ${input.name}, ${hashOf(token)}, ${input.by}, ${input.at}
        from adoption_tokens where project_id = ${input.projectId}
        returning number`.execute(db);
      return { number: row.rows[0]!.number, token };
    },
    async list(projectId: number): Promise<TokenRow[]> {
      const rows = await db.selectFrom("adoption_tokens").select(["number", "name", "created_at", "last_used_at", "revoked_at"]).where("project_id", "=", projectId).orderBy("number").execute();
      return rows.map((r) => ({ number: r.number, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
    },
    async revoke(projectId: number, number: number, at: Date): Promise<boolean> {
      const done = await db.updateTable("adoption_tokens").set({ revoked_at: at }).where("project_id", "=", projectId).where("number", "=", number).where("revoked_at", "is", null).executeTakeFirst();
      return Number(done.numUpdatedRows) > 0;
    },
    /** The project a live token opens, or null (unknown or revoked). */
    async verify(token: string, at: Date): Promise<{ tenantId: number; projectId: number } | null> {
      if (!/^rba_[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
      const row = await db
        .updateTable("adoption_tokens")
        .set({ last_used_at: at })
        .where("hash", "=", hashOf(token))
        .where("revoked_at", "is", null)
        .returning(["tenant_id", "project_id"])
        .executeTakeFirst();
      return row ? { tenantId: row.tenant_id, projectId: row.project_id } : null;
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
