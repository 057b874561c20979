import { sql, type Expression, type SqlBool } from "kysely";
import { scrubJsonColumn, type PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";

/**
 * The tenant's outbox rows: those written for the tenant, and replies (written with the conversation only) whose
 * conversation is in the tenant's workspace.
 */
async function tenantRows(db: Database, tenantId: number): Promise<Expression<SqlBool>> {
  const tenant = await db.selectFrom("tenants").select(["platform", "external_id"]).where("id", "=", tenantId).executeTakeFirstOrThrow();
  return sql<SqlBool>`(tenant_id = ${tenantId} or (tenant_id is null and platform = ${tenant.platform} and target->'conversation'->>'tenantId' = ${tenant.external_id}))`;
}

/** The outbox: messages to a person (kept until delivered plus the retention), and names inside posted messages. */
export function outboxPersonalData(db: Database): PersonalData {
  const userIdsOf = async (trx: Database, tenantId: number, personId: number) =>
    (await trx.selectFrom("identities").select("user_id").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute()).map((i) => i.user_id);

  return {
    async export(tenantId, personId) {
      const rows = await db
        .selectFrom("deliveries")
        .select(["key", "status", "created_at", "sent_at", "message"])
        .where("tenant_id", "=", tenantId)
        .where("person_id", "=", personId)
        .orderBy("created_at")
        .execute();
      if (rows.length === 0) return {};
      return {
        messagesToYou: rows.map((r) => ({ title: (r.message as { title?: string }).title ?? null, status: r.status, createdAt: r.created_at, sentAt: r.sent_at })),
      };
    },
    async erase(trx, subject) {
      await trx.deleteFrom("deliveries").where("tenant_id", "=", subject.tenantId).where("person_id", "=", subject.personId).execute();
      const inTenant = await tenantRows(trx, subject.tenantId);
      const userIds = await userIdsOf(trx, subject.tenantId, subject.personId);
      if (userIds.length > 0) {
        // Replies to them (in a DM or a group) carry their platform user id as the audience.
        await trx.deleteFrom("deliveries").where(inTenant).where(sql<SqlBool>`target->>'audience' in (${sql.join(userIds)})`).execute();
      }
      const rows = await trx.selectFrom("deliveries").select("id").where(inTenant).where(sql<SqlBool>`strpos(message::text, ${JSON.stringify(subject.displayName).slice(1, -1)}) > 0`).execute();
      if (rows.length > 0) await scrubJsonColumn(trx, "deliveries", "message", { ...subject }, "id", rows.map((r) => r.id));
    },
    retention: [
      {
        kind: "outbox.delivered",
        labelKey: "privacy_kinds.outbox_delivered",
        defaultDays: 30,
        async purge(target, tenantId, before, limit) {
          const inTenant = await tenantRows(target, tenantId);
          const result = await target
            .deleteFrom("deliveries")
            .where("id", "in", (eb) => eb.selectFrom("deliveries").select("id").where(inTenant).where("status", "in", ["sent", "failed", "cancelled"]).where("updated_at", "<", before).limit(limit))
            .executeTakeFirst();
          return Number(result.numDeletedRows);
        },
      },
    ],
  };
}
