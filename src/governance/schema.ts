import type { ColumnType, Generated } from "kysely";
import type { ConversationRef } from "../core/adapter.js";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A calendar date, `YYYY-MM-DD` on both drivers (see src/db/database.ts). */
type LocalDate = ColumnType<string, string, string>;

export type RiskStatus = "open" | "closed";
export type RiskDecision = "accept" | "mitigate";
export type ChangeStatus = "submitted" | "reviewed" | "approved" | "rejected" | "deferred";
export type ChangeRecommendation = "defer" | "recommend" | "reject";

export interface GovernanceCountersTable {
  project_id: number;
  kind: string;
  last_number: ColumnType<number, number | undefined, number>;
}

/** A risk of the register; impact and likelihood 1 (low) … 3 (high), exposure their product. */
export interface RisksTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  number: number;
  key: string;
  text: string;
  impact: number;
  likelihood: number;
  plan: string | null;
  owner_id: number;
  raised_by: number | null;
  status: ColumnType<RiskStatus, RiskStatus | undefined, RiskStatus>;
  created_at: CreatedAt;
  reviewed_at: Timestamp;
  escalated_at: NullableTimestamp;
  escalated_by: number | null;
  decision: RiskDecision | null;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  decision_reason: string | null;
  closed_at: NullableTimestamp;
  closed_by: number | null;
  close_reason: string | null;
}

export interface RiskEventsTable {
  id: Generated<string>;
  risk_id: string;
  tenant_id: number;
  person_id: number | null;
  kind: string;
  note: string | null;
  at: CreatedAt;
}

export interface ChangeRequestsTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  number: number;
  key: string;
  text: string;
  impact_days: number;
  impact_cost: ColumnType<string, string | number, string | number>;
  impact_scope: string;
  requested_by: number;
  created_at: CreatedAt;
  status: ColumnType<ChangeStatus, ChangeStatus | undefined, ChangeStatus>;
  recommendation: ChangeRecommendation | null;
  review_note: string | null;
  reviewed_by: number | null;
  reviewed_at: NullableTimestamp;
  decider_id: number | null;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  decision_reason: string | null;
}

export interface GovernanceTasksTable {
  tenant_id: number;
  project_id: number;
  /** `R-3`, `CR-2` or `M-2026-12-10` (a meeting). */
  item: string;
  task_id: string;
  task_key: string;
  created_at: CreatedAt;
}

export interface MeetingSettingsTable {
  project_id: number;
  tenant_id: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  time: string;
  conversation: ColumnType<ConversationRef, string, string>;
  set_by: number | null;
  updated_at: Timestamp;
}

export interface MeetingsTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  date: LocalDate;
  notes_posted_at: NullableTimestamp;
}

export interface MeetingItemsTable {
  id: Generated<string>;
  meeting_id: string;
  tenant_id: number;
  kind: "action" | "decision";
  text: string;
  task_key: string | null;
  person_id: number | null;
  due: string | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface MeetingAttendanceTable {
  meeting_id: string;
  person_id: number;
  tenant_id: number;
  at: CreatedAt;
}

declare module "../db/schema.js" {
  interface DB {
    governance_counters: GovernanceCountersTable;
    risks: RisksTable;
    risk_events: RiskEventsTable;
    change_requests: ChangeRequestsTable;
    governance_tasks: GovernanceTasksTable;
    meeting_settings: MeetingSettingsTable;
    meetings: MeetingsTable;
    meeting_items: MeetingItemsTable;
    meeting_attendance: MeetingAttendanceTable;
  }
}
