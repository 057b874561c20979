import { sql } from "kysely";
import type { PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";
import "./i18n.js"; // registers the retention label

/**
 * What adoption keeps about a person: the CRM events of the CRM users mapped to them, their points, the kudos they
 * gave and received, whether they opted out. Erasure deletes their events, points and the kudos they received;
 * kudos they gave stay with the receiver, anonymous. CRM events are kept 400 days by default.
 */
export function adoptionPersonalData(db: Database): PersonalData {
  const crmUsersOf = async (target: Database, tenantId: number, personId: number) =>
    (await target.selectFrom("adoption_users").select("crm_user").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute()).map((r) => r.crm_user);

  return {
    async export(tenantId, personId) {
      const users = await crmUsersOf(db, tenantId, personId);
      const events = users.length === 0 ? [] : await db
        .selectFrom("adoption_events")
        .select(["event_id", "occurred_at", "crm_user", "type", "object", "record_id", "complete", "related_at"])
        .where("tenant_id", "=", tenantId)
        .where("crm_user", "in", users)
        .orderBy("occurred_at")
        .execute();
      const points = await db
        .selectFrom("adoption_points")
        .select(["kind", "object", "points", "at"])
        .where("tenant_id", "=", tenantId)
        .where((eb) => eb.or([eb("person_id", "=", personId), ...(users.length > 0 ? [eb("crm_user", "in", users)] : [])]))
        .orderBy("at")
        .execute();
      const received = await db
        .selectFrom("adoption_kudos")
        .leftJoin("people", "people.id", "adoption_kudos.giver_id")
        .select(["people.display_name as from", "adoption_kudos.reason", "adoption_kudos.at"])
        .where("adoption_kudos.tenant_id", "=", tenantId)
        .where("adoption_kudos.receiver_id", "=", personId)
        .orderBy("adoption_kudos.at")
        .execute();
      const given = await db
        .selectFrom("adoption_kudos")
        .innerJoin("people", "people.id", "adoption_kudos.receiver_id")
        .select(["people.display_name as to", "adoption_kudos.reason", "adoption_kudos.at"])
        .where("adoption_kudos.tenant_id", "=", tenantId)
        .where("adoption_kudos.giver_id", "=", personId)
        .orderBy("adoption_kudos.at")
        .execute();
      const optedOut = await db.selectFrom("adoption_optouts").select("at").where("tenant_id", "=", tenantId).where("person_id", "=", personId).executeTakeFirst();
      return {
        ...(users.length > 0 ? { crmUsers: users } : {}),
        ...(events.length > 0 ? { crmEvents: events.map((e) => ({ id: e.event_id, occurredAt: e.occurred_at, user: e.crm_user, type: e.type, object: e.object, recordId: e.record_id, complete: e.complete, relatedAt: e.related_at })) } : {}),
        ...(points.length > 0 ? { points: points.map((p) => ({ kind: p.kind, object: p.object, points: p.points, at: p.at })) } : {}),
        ...(received.length > 0 ? { kudosReceived: received.map((k) => ({ from: k.from ?? null, reason: k.reason, at: k.at })) } : {}),
        ...(given.length > 0 ? { kudosGiven: given.map((k) => ({ to: k.to, reason: k.reason, at: k.at })) } : {}),
        ...(optedOut ? { optedOutOfBoards: optedOut.at } : {}),
      };
    },
    async erase(trx, subject) {
      const { tenantId, personId } = subject;
      const users = await crmUsersOf(trx, tenantId, personId);
      if (users.length > 0) {
        await trx.deleteFrom("adoption_events").where("tenant_id", "=", tenantId).where("crm_user", "in", users).execute();
        await trx.deleteFrom("adoption_points").where("tenant_id", "=", tenantId).where("crm_user", "in", users).execute();
        await trx.deleteFrom("adoption_users").where("tenant_id", "=", tenantId).where("crm_user", "in", users).execute();
      }
      await trx.deleteFrom("adoption_points").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      await trx.deleteFrom("adoption_kudos").where("tenant_id", "=", tenantId).where("receiver_id", "=", personId).execute();
      await trx.updateTable("adoption_kudos").set({ giver_id: null }).where("tenant_id", "=", tenantId).where("giver_id", "=", personId).execute();
      await trx.deleteFrom("adoption_optouts").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      await trx.deleteFrom("adoption_task_done").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      await trx.updateTable("adoption_tokens").set({ created_by: null }).where("tenant_id", "=", tenantId).where("created_by", "=", personId).execute();
    },
    retention: [
      {
        kind: "adoption.events",
        labelKey: "adoption.privacy.events",
        defaultDays: 400,
        async purge(target, tenantId, before, limit) {
          const events = await sql`delete from adoption_events where (tenant_id, event_id) in (
              select tenant_id, event_id from adoption_events where tenant_id = ${tenantId} and occurred_at < ${before} limit ${limit})`.execute(target);
          // The points those events earned go with them (boards and metrics look back weeks, not years).
          const points = await sql`delete from adoption_points where id in (
              select id from adoption_points where tenant_id = ${tenantId} and at < ${before} limit ${limit})`.execute(target);
          return Number(events.numAffectedRows ?? 0) + Number(points.numAffectedRows ?? 0);
        },
      },
    ],
  };
}
