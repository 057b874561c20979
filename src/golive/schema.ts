import type { ColumnType, Generated } from "kysely";

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A calendar date, `YYYY-MM-DD` on both drivers (see src/db/database.ts). */
type NullableLocalDate = ColumnType<string | null, string | null | undefined, string | null>;

export type GateCategory = "data" | "system" | "users" | "training" | "support" | "comms" | "functional" | "integration" | "uat" | "performance" | "security";
export type RoundStatus = "open" | "go" | "nogo";
export type Vote = "go" | "nogo";
export type WarroomStatus = "open" | "hypercare" | "closed";
export type WarroomRole = "commander" | "scribe" | "tech" | "business" | "comms";
export type RollbackStatus = "open" | "rollback" | "continue";

/** A go-live gate item: a RACI task of one checklist category, and its evidence. */
export interface GoliveGatesTable {
  task_id: string;
  tenant_id: number;
  project_id: number;
  category: GateCategory;
  evidence: string | null;
  evidence_by: number | null;
  evidence_at: NullableTimestamp;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface GoliveApproversTable {
  project_id: number;
  tenant_id: number;
  person_id: number;
  added_by: number | null;
  added_at: ColumnType<Date, Date | string, never>;
}

export interface GoliveRoundsTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  number: number;
  key: string;
  status: ColumnType<RoundStatus, RoundStatus | undefined, RoundStatus>;
  asked_by: number | null;
  asked_at: ColumnType<Date, Date | string, never>;
  gates_open: number;
  gates_total: number;
  override_reason: string | null;
  override_by: number | null;
  override_at: NullableTimestamp;
  decided_at: NullableTimestamp;
  new_date: NullableLocalDate;
}

export interface GoliveVotesTable {
  round_id: string;
  tenant_id: number;
  person_id: number;
  vote: Vote;
  reason: string | null;
  new_date: NullableLocalDate;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface WarroomsTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  group_key: string;
  status: ColumnType<WarroomStatus, WarroomStatus | undefined, WarroomStatus>;
  opened_by: number | null;
  opened_at: ColumnType<Date, Date | string, never>;
  cadence_minutes: ColumnType<number, number | undefined, number>;
  /** Per-severity cadences in minutes, by severity ("1" … "4"); absent ones use the defaults. */
  sev_cadence: ColumnType<Record<string, number>, string | undefined, string>;
  conditions: string | null;
  actions: string | null;
  needs: string | null;
  updated_at: NullableTimestamp;
  remind_at: NullableTimestamp;
  card_version: ColumnType<number, number | undefined, number>;
  hypercare_until: NullableLocalDate;
  closed_by: number | null;
  closed_at: NullableTimestamp;
}

export interface WarroomRolesTable {
  warroom_id: string;
  tenant_id: number;
  role: WarroomRole;
  person_id: number;
  assigned_by: number | null;
  assigned_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface WarroomIssuesTable {
  id: Generated<string>;
  tenant_id: number;
  warroom_id: string;
  number: number;
  key: string;
  text: string;
  severity: number | null;
  status: ColumnType<"open" | "resolved", "open" | "resolved" | undefined, "open" | "resolved">;
  raised_by: number | null;
  owner_id: number | null;
  created_at: ColumnType<Date, Date | string, never>;
  target_at: NullableTimestamp;
  resolved_by: number | null;
  resolved_at: NullableTimestamp;
}

/** The war room's timeline: every event, in order; `text` never holds a name (people are `person_id`). */
export interface WarroomEventsTable {
  id: Generated<string>;
  tenant_id: number;
  warroom_id: string;
  at: ColumnType<Date, Date | string, never>;
  person_id: number | null;
  kind: string;
  text: ColumnType<string, string | undefined, string>;
}

export interface RollbackPlansTable {
  project_id: number;
  tenant_id: number;
  triggers: string;
  steps: string;
  point_of_no_return: ColumnType<Date, Date | string, Date | string>;
  set_by: number | null;
  set_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface RollbackDecidersTable {
  project_id: number;
  tenant_id: number;
  person_id: number;
}

export interface RollbackProposalsTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  number: number;
  key: string;
  reason: string;
  proposed_by: number | null;
  proposed_at: ColumnType<Date, Date | string, never>;
  status: ColumnType<RollbackStatus, RollbackStatus | undefined, RollbackStatus>;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  decision_reason: string | null;
  override_reason: string | null;
}

/** A step of a decided rollback: a RACI task. */
export interface RollbackStepsTable {
  task_id: string;
  tenant_id: number;
  project_id: number;
  proposal_id: string;
  number: number;
}

declare module "../db/schema.js" {
  interface DB {
    golive_gates: GoliveGatesTable;
    golive_approvers: GoliveApproversTable;
    golive_rounds: GoliveRoundsTable;
    golive_votes: GoliveVotesTable;
    warrooms: WarroomsTable;
    warroom_roles: WarroomRolesTable;
    warroom_issues: WarroomIssuesTable;
    warroom_events: WarroomEventsTable;
    rollback_plans: RollbackPlansTable;
    rollback_deciders: RollbackDecidersTable;
    rollback_proposals: RollbackProposalsTable;
    rollback_steps: RollbackStepsTable;
  }
}
