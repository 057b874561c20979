import "./i18n.js";
import { sql } from "kysely";
import type { ErasureSubject, PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";
import { HEARD_DAYS } from "./capture.js";
import "./i18n.js";

/**
 * Feedback keeps what people reported, followed, owned and said in groups lately, and whose module key user they are. Erasure (issue #22): an item keeps
 * its text, but not its reporter — reporter, filer and owner become nobody, their "me too"s and heard messages go,
 * and their name is scrubbed from the history notes.
 */
export function feedbackPersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const items = await db
        .selectFrom("feedback_items")
        .select(["key", "text", "type", "module", "priority", "status", "created_at", "reporter_id", "filed_by", "owner_id"])
        .where("tenant_id", "=", tenantId)
        .where((eb) => eb.or([eb("reporter_id", "=", personId), eb("filed_by", "=", personId), eb("owner_id", "=", personId)]))
        .orderBy("created_at")
        .execute();
      const followed = await db.selectFrom("feedback_followers").innerJoin("feedback_items", "feedback_items.id", "feedback_followers.item_id").select(["feedback_items.key", "feedback_followers.added_at"]).where("feedback_followers.tenant_id", "=", tenantId).where("feedback_followers.person_id", "=", personId).execute();
      const events = await db.selectFrom("feedback_events").innerJoin("feedback_items", "feedback_items.id", "feedback_events.item_id").select(["feedback_items.key", "feedback_events.kind", "feedback_events.note", "feedback_events.at"]).where("feedback_events.tenant_id", "=", tenantId).where("feedback_events.person_id", "=", personId).orderBy("feedback_events.at").execute();
      const keyUserOf = await db.selectFrom("feedback_module_keyusers").select(["project_id", "module", "added_at"]).where("tenant_id", "=", tenantId).where("person_id", "=", personId).orderBy("added_at").execute();
      const heard = await db.selectFrom("feedback_heard").select(["conversation", "text", "at"]).where("tenant_id", "=", tenantId).where("person_id", "=", personId).orderBy("at").execute();
      return {
        ...(items.length > 0 ? { feedback: items.map((i) => ({ key: i.key, text: i.text, type: i.type, module: i.module, priority: i.priority, status: i.status, at: i.created_at, youReported: i.reporter_id === personId, youFiled: i.filed_by === personId, youOwn: i.owner_id === personId })) } : {}),
        ...(followed.length > 0 ? { meToo: followed.map((f) => ({ key: f.key, since: f.added_at })) } : {}),
        ...(events.length > 0 ? { feedbackChanges: events.map((e) => ({ key: e.key, change: e.kind, note: e.note, at: e.at })) } : {}),
        ...(keyUserOf.length > 0 ? { keyUserOfModules: keyUserOf.map((k) => ({ projectId: k.project_id, module: k.module, since: k.added_at })) } : {}),
        ...(heard.length > 0 ? { heardInGroups: heard.map((h) => ({ conversation: h.conversation, text: h.text, at: h.at })) } : {}),
      };
    },
    async erase(trx, subject: ErasureSubject) {
      const { tenantId, personId } = subject;
      await trx.updateTable("feedback_items").set({ reporter_id: null }).where("tenant_id", "=", tenantId).where("reporter_id", "=", personId).execute();
      await trx.updateTable("feedback_items").set({ filed_by: null }).where("tenant_id", "=", tenantId).where("filed_by", "=", personId).execute();
      await trx.updateTable("feedback_items").set({ owner_id: null }).where("tenant_id", "=", tenantId).where("owner_id", "=", personId).execute();
      await trx.updateTable("feedback_releases").set({ released_by: null }).where("tenant_id", "=", tenantId).where("released_by", "=", personId).execute();
      await trx.deleteFrom("feedback_followers").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      await trx.deleteFrom("feedback_heard").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      await trx.deleteFrom("feedback_module_keyusers").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      await trx.updateTable("feedback_module_keyusers").set({ added_by: null }).where("tenant_id", "=", tenantId).where("added_by", "=", personId).execute();
      await trx.updateTable("feedback_events").set({ person_id: null }).where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      if (subject.displayName) {
        await sql`update feedback_events set note = replace(note, ${subject.displayName}, ${subject.formerName})
          where tenant_id = ${tenantId} and strpos(note, ${subject.displayName}) > 0`.execute(trx);
      }
    },
    retention: [
      {
        kind: "feedback.heard",
        labelKey: "feedback.privacy.heard",
        defaultDays: HEARD_DAYS,
        async purge(target, tenantId, before, limit) {
          const result = await sql`delete from feedback_heard where (tenant_id, conversation, message_id) in (
              select tenant_id, conversation, message_id from feedback_heard where tenant_id = ${tenantId} and at < ${before} limit ${limit})`.execute(target);
          return Number(result.numAffectedRows ?? 0);
        },
      },
    ],
  };
}
