import { sql } from "kysely";
import type { ErasureSubject, PersonalData } from "../core/personal-data.js";
import type { Database } from "../db/database.js";

/** Person columns that simply pass to the former member (decision records stay, with the former member in them). */
const HANDED_OVER: readonly (readonly [string, string])[] = [
  ["golive_gates", "evidence_by"],
  ["golive_approvers", "added_by"],
  ["golive_rounds", "asked_by"],
  ["golive_rounds", "override_by"],
  ["warrooms", "opened_by"],
  ["warrooms", "closed_by"],
  ["warroom_roles", "person_id"],
  ["warroom_roles", "assigned_by"],
  ["warroom_issues", "raised_by"],
  ["warroom_issues", "owner_id"],
  ["warroom_issues", "resolved_by"],
  ["warroom_events", "person_id"],
  ["rollback_plans", "set_by"],
  ["rollback_proposals", "proposed_by"],
  ["rollback_proposals", "decided_by"],
];

/** Free texts people typed, scrubbed of the person's name where it appears. */
const TEXTS: readonly (readonly [string, string])[] = [
  ["golive_gates", "evidence"],
  ["golive_rounds", "override_reason"],
  ["golive_votes", "reason"],
  ["warroom_issues", "text"],
  ["warroom_events", "text"],
  ["rollback_proposals", "reason"],
  ["rollback_proposals", "decision_reason"],
  ["rollback_proposals", "override_reason"],
];

async function scrubText(trx: Database, table: string, column: string, subject: ErasureSubject): Promise<void> {
  if (!subject.displayName) return;
  await sql`update ${sql.table(table)} set ${sql.ref(column)} = replace(${sql.ref(column)}, ${subject.displayName}, ${subject.formerName})
    where tenant_id = ${subject.tenantId} and strpos(${sql.ref(column)}, ${subject.displayName}) > 0`.execute(trx);
}

/** Moves rows keyed by (group, person) to the former member, dropping the person's row where the former member has one. */
async function handOverKeyed(trx: Database, table: string, groupColumn: string, subject: ErasureSubject): Promise<void> {
  await sql`delete from ${sql.table(table)} a where a.tenant_id = ${subject.tenantId} and a.person_id = ${subject.personId}
    and exists (select 1 from ${sql.table(table)} b where b.${sql.ref(groupColumn)} = a.${sql.ref(groupColumn)} and b.person_id = ${subject.formerMemberId})`.execute(trx);
  await sql`update ${sql.table(table)} set person_id = ${subject.formerMemberId} where tenant_id = ${subject.tenantId} and person_id = ${subject.personId}`.execute(trx);
}

/**
 * Go-live keeps votes, roles, issues, evidence and decisions. A go/no-go or rollback decision is a permanent record:
 * erasure anonymises the person in it (the former member) rather than deleting it.
 */
export function golivePersonalData(db: Database): PersonalData {
  return {
    async export(tenantId, personId) {
      const votes = await db.selectFrom("golive_votes").innerJoin("golive_rounds", "golive_rounds.id", "golive_votes.round_id").select(["golive_rounds.key", "golive_votes.vote", "golive_votes.reason", "golive_votes.new_date", "golive_votes.at"]).where("golive_votes.tenant_id", "=", tenantId).where("golive_votes.person_id", "=", personId).orderBy("golive_votes.at").execute();
      const approver = await db.selectFrom("golive_approvers").select(["project_id", "added_at"]).where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      const roles = await db.selectFrom("warroom_roles").select(["warroom_id", "role", "assigned_at"]).where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      const issues = await db.selectFrom("warroom_issues").select(["key", "text", "severity", "status", "created_at", "raised_by", "owner_id"]).where("tenant_id", "=", tenantId).where((eb) => eb.or([eb("raised_by", "=", personId), eb("owner_id", "=", personId)])).orderBy("created_at").execute();
      const evidence = await db.selectFrom("golive_gates").select(["task_id", "evidence", "evidence_at"]).where("tenant_id", "=", tenantId).where("evidence_by", "=", personId).execute();
      const overrides = await db.selectFrom("golive_rounds").select(["key", "override_reason", "override_at"]).where("tenant_id", "=", tenantId).where("override_by", "=", personId).execute();
      const rollbacks = await db.selectFrom("rollback_proposals").select(["key", "reason", "status", "decision_reason", "override_reason", "proposed_by", "decided_by"]).where("tenant_id", "=", tenantId).where((eb) => eb.or([eb("proposed_by", "=", personId), eb("decided_by", "=", personId)])).execute();
      const deciders = await db.selectFrom("rollback_deciders").select("project_id").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
      return {
        ...(votes.length > 0 ? { goNoGoVotes: votes.map((v) => ({ round: v.key, vote: v.vote, reason: v.reason, newDate: v.new_date, at: v.at })) } : {}),
        ...(approver.length > 0 ? { approverOf: approver.map((a) => ({ projectId: a.project_id, since: a.added_at })) } : {}),
        ...(overrides.length > 0 ? { overrides: overrides.map((o) => ({ round: o.key, reason: o.override_reason, at: o.override_at })) } : {}),
        ...(roles.length > 0 ? { warRoomRoles: roles.map((r) => ({ warRoom: r.warroom_id, role: r.role, since: r.assigned_at })) } : {}),
        ...(issues.length > 0 ? { issues: issues.map((i) => ({ key: i.key, text: i.text, severity: i.severity, status: i.status, at: i.created_at, youRaisedIt: i.raised_by === personId, youOwnIt: i.owner_id === personId })) } : {}),
        ...(evidence.length > 0 ? { gateEvidence: evidence.map((e) => ({ taskId: e.task_id, evidence: e.evidence, at: e.evidence_at })) } : {}),
        ...(rollbacks.length > 0 ? { rollbackProposals: rollbacks.map((r) => ({ key: r.key, reason: r.reason, status: r.status, decisionReason: r.decision_reason, override: r.override_reason, youProposed: r.proposed_by === personId, youDecided: r.decided_by === personId })) } : {}),
        ...(deciders.length > 0 ? { rollbackDeciderOf: deciders.map((d) => d.project_id) } : {}),
      };
    },
    async erase(trx, subject) {
      for (const [table, column] of TEXTS) await scrubText(trx, table, column, subject);
      for (const [table, column] of HANDED_OVER) {
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${subject.formerMemberId} where tenant_id = ${subject.tenantId} and ${sql.ref(column)} = ${subject.personId}`.execute(trx);
      }
      await handOverKeyed(trx, "golive_votes", "round_id", subject);
      await handOverKeyed(trx, "golive_approvers", "project_id", subject);
      await handOverKeyed(trx, "rollback_deciders", "project_id", subject);
    },
  };
}
