import type { ColumnType, Generated } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A calendar date, `YYYY-MM-DD` on both drivers. */
type LocalDate = ColumnType<string, string, string>;

export interface AdoptionTokensTable {
  id: Generated<number>;
  tenant_id: number;
  project_id: number;
  number: number;
  name: string;
  hash: string;
  created_by: number | null;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface AdoptionEventsTable {
  tenant_id: number;
  event_id: string;
  project_id: number;
  occurred_at: Timestamp;
  crm_user: string;
  type: string;
  object: string | null;
  record_id: string | null;
  complete: boolean;
  related_at: NullableTimestamp;
  day: LocalDate;
}

export interface AdoptionUsersTable {
  tenant_id: number;
  crm_user: string;
  person_id: number | null;
  mapped_by: ColumnType<string, string | undefined, string>;
  first_seen_at: CreatedAt;
}

export interface AdoptionPointsTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  crm_user: string | null;
  person_id: number | null;
  kind: string;
  object: string | null;
  ref: string;
  source: string | null;
  points: number;
  at: Timestamp;
  day: LocalDate;
}

export interface AdoptionKudosTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  giver_id: number | null;
  receiver_id: number;
  reason: string;
  at: Timestamp;
  day: LocalDate;
}

export interface AdoptionOptoutsTable {
  tenant_id: number;
  person_id: number;
  at: CreatedAt;
}

export interface AdoptionTaskDoneTable {
  tenant_id: number;
  project_id: number;
  task_id: string;
  person_id: number;
  done_at: Timestamp;
  settled: ColumnType<boolean, boolean | undefined, boolean>;
}

/** Points per project, local day and earner, kept by triggers on adoption_points (migration 0030). */
export interface AdoptionDayPointsTable {
  project_id: number;
  day: LocalDate;
  /** '' for points that carry a person. */
  crm_user: string;
  /** 0 for a CRM user's points (mapped to a person when read). */
  person_id: number;
  tenant_id: number;
  points: number;
}

/** Event counts per project, ISO week (its Monday) and CRM user, kept by triggers on adoption_events (migration 0030). */
export interface AdoptionUsageWeeksTable {
  project_id: number;
  week: LocalDate;
  crm_user: string;
  tenant_id: number;
  events: number;
  created: number;
  complete: number;
  timed: number;
  on_time: number;
}

/** Points per project, ISO week or calendar month, earner and CRM object type, kept by triggers on adoption_points (migration 0034). */
export interface AdoptionPeriodPointsTable {
  project_id: number;
  period: "week" | "month";
  /** The period's first day. */
  start: LocalDate;
  /** '' for points that carry a person. */
  crm_user: string;
  /** 0 for a CRM user's points (mapped to a person when read). */
  person_id: number;
  /** '' for points of no object type. */
  object: string;
  tenant_id: number;
  points: number;
  /** How many awards make the points (the row goes with the last one). */
  awards: number;
}

declare module "../db/schema.js" {
  interface DB {
    adoption_tokens: AdoptionTokensTable;
    adoption_events: AdoptionEventsTable;
    adoption_users: AdoptionUsersTable;
    adoption_points: AdoptionPointsTable;
    adoption_kudos: AdoptionKudosTable;
    adoption_optouts: AdoptionOptoutsTable;
    adoption_task_done: AdoptionTaskDoneTable;
    adoption_day_points: AdoptionDayPointsTable;
    adoption_usage_weeks: AdoptionUsageWeeksTable;
    adoption_period_points: AdoptionPeriodPointsTable;
  }
}
