import { sql } from "kysely";
import type { PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";
import { translator } from "./i18n.js";

/** Columns naming a person whose record stays (handed to the former member on erasure), per table. */
const KEPT: Record<"risks" | "risk_events" | "change_requests" | "meeting_settings" | "meeting_items", readonly string[]> = {
  risks: ["owner_id", "raised_by", "escalated_by", "decided_by", "closed_by"],
  risk_events: ["person_id"],
  change_requests: ["requested_by", "reviewed_by", "decider_id", "decided_by"],
  meeting_settings: ["set_by"],
  meeting_items: ["created_by", "person_id"],
};
/** Free text that may name them (a reason, a note): the name becomes the former member's. */
const TEXTS: Record<string, readonly string[]> = {
  risks: ["text", "plan", "decision_reason", "close_reason"],
  risk_events: ["note"],
  change_requests: ["text", "impact_scope", "review_note", "decision_reason"],
  meeting_items: ["text"],
};

/**
 * Governance records are the project's: a risk, a change request and every decision stay when a person is erased,
 * with the former member in their place (who decided, who raised, who owns). Their meeting attendance goes.
 */
export function governancePersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const risks = await db
        .selectFrom("risks")
        .innerJoin("projects", "projects.id", "risks.project_id")
        .select(["projects.key as project", "risks.key", "risks.text", "risks.impact", "risks.likelihood", "risks.plan", "risks.status", "risks.owner_id", "risks.raised_by", "risks.decided_by", "risks.decision", "risks.decision_reason", "risks.decided_at"])
        .where("risks.tenant_id", "=", tenantId)
        .where((eb) => eb.or([eb("risks.owner_id", "=", personId), eb("risks.raised_by", "=", personId), eb("risks.decided_by", "=", personId)]))
        .orderBy("risks.id")
        .execute();
      const changes = await db
        .selectFrom("change_requests")
        .innerJoin("projects", "projects.id", "change_requests.project_id")
        .select(["projects.key as project", "change_requests.key", "change_requests.text", "change_requests.status", "change_requests.requested_by", "change_requests.reviewed_by", "change_requests.review_note", "change_requests.decided_by", "change_requests.decision_reason", "change_requests.decided_at"])
        .where("change_requests.tenant_id", "=", tenantId)
        .where((eb) => eb.or([eb("change_requests.requested_by", "=", personId), eb("change_requests.reviewed_by", "=", personId), eb("change_requests.decided_by", "=", personId)]))
        .orderBy("change_requests.id")
        .execute();
      const notes = await db.selectFrom("risk_events").innerJoin("risks", "risks.id", "risk_events.risk_id").select(["risks.key", "risk_events.kind", "risk_events.note", "risk_events.at"]).where("risk_events.tenant_id", "=", tenantId).where("risk_events.person_id", "=", personId).orderBy("risk_events.id").execute();
      const meetings = await db.selectFrom("meeting_items").innerJoin("meetings", "meetings.id", "meeting_items.meeting_id").select(["meetings.date", "meeting_items.kind", "meeting_items.text", "meeting_items.task_key"]).where("meeting_items.tenant_id", "=", tenantId).where("meeting_items.created_by", "=", personId).orderBy("meeting_items.id").execute();
      const attended = await db.selectFrom("meeting_attendance").innerJoin("meetings", "meetings.id", "meeting_attendance.meeting_id").select(["meetings.date"]).where("meeting_attendance.tenant_id", "=", tenantId).where("meeting_attendance.person_id", "=", personId).orderBy("meetings.date").execute();
      return {
        ...(risks.length > 0 ? { risks: risks.map((r) => ({ project: r.project, key: r.key, text: r.text, impact: r.impact, likelihood: r.likelihood, plan: r.plan, status: r.status, youOwn: r.owner_id === personId, youRaised: r.raised_by === personId, ...(r.decided_by === personId ? { yourDecision: r.decision, reason: r.decision_reason, at: r.decided_at } : {}) })) } : {}),
        ...(changes.length > 0 ? { changeRequests: changes.map((c) => ({ project: c.project, key: c.key, text: c.text, status: c.status, youRequested: c.requested_by === personId, ...(c.reviewed_by === personId ? { yourReview: c.review_note } : {}), ...(c.decided_by === personId ? { yourDecision: c.status, reason: c.decision_reason, at: c.decided_at } : {}) })) } : {}),
        ...(notes.length > 0 ? { riskActivity: notes } : {}),
        ...(meetings.length > 0 ? { meetingItems: meetings } : {}),
        ...(attended.length > 0 ? { meetingsAttended: attended.map((a) => a.date) } : {}),
      };
    },
    async erase(trx, subject) {
      const { tenantId, personId, formerMemberId } = subject;
      await trx.deleteFrom("meeting_attendance").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      for (const [table, columns] of Object.entries(KEPT)) {
        for (const column of columns) await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${formerMemberId} where tenant_id = ${tenantId} and ${sql.ref(column)} = ${personId}`.execute(trx);
      }
      if (!subject.displayName) return;
      for (const [table, columns] of Object.entries(TEXTS)) {
        for (const column of columns) {
          await sql`update ${sql.table(table)} set ${sql.ref(column)} = replace(${sql.ref(column)}, ${subject.displayName}, ${subject.formerName})
            where tenant_id = ${tenantId} and strpos(${sql.ref(column)}, ${subject.displayName}) > 0`.execute(trx);
        }
      }
    },
    async holds(tenantId, personId, locale) {
      const owned = await db.selectFrom("risks").select("key").where("tenant_id", "=", tenantId).where("owner_id", "=", personId).where("status", "=", "open").orderBy("number").execute();
      return owned.length > 0 ? [translator(locale)("governance.privacy.owns_risks", { keys: owned.map((r) => r.key).join(", ") })] : [];
    },
  };
}
