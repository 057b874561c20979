import type { ColumnType, Generated, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
/** A calendar date, `YYYY-MM-DD` on both drivers (see src/db/database.ts). */
type LocalDate = ColumnType<string, string, string>;

/** A working-day calendar a tenant imported; replaces the built-in file with the same id for that tenant. */
export interface CalendarsTable {
  tenant_id: number;
  id: string;
  name: string;
  data: Json<unknown>;
  imported_by: number | null;
  updated_at: Timestamp;
}

/** A person's leave: inclusive local dates. */
export interface LeaveRangesTable {
  id: Generated<string>;
  tenant_id: number;
  person_id: number;
  from_date: LocalDate;
  to_date: LocalDate;
  created_at: CreatedAt;
}

/** Question wording per locale, three slots: yesterday, today, blockers. */
export type StandupQuestionsJson = Partial<Record<"zh-CN" | "en", [string, string, string]>>;

/** A team's stand-up: which weekdays, when it prompts and closes (team-local), the reminder before close. */
export interface StandupConfigsTable {
  team_id: number;
  tenant_id: number;
  project_id: number;
  questions: ColumnType<StandupQuestionsJson, string | undefined, string>;
  days: ColumnType<number[], string | undefined, string>;
  prompt_time: ColumnType<string, string | undefined, string>;
  close_time: ColumnType<string, string | undefined, string>;
  reminder_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type StandupRunStatus = "prompted" | "answered" | "skipped" | "away";

/** The answers to the three questions; an empty string is a skipped question. */
export interface StandupAnswers {
  yesterday: string;
  today: string;
  blockers: string;
}

/** One person's stand-up on one local date in one team. */
export interface StandupRunsTable {
  id: Generated<string>;
  tenant_id: number;
  team_id: number;
  person_id: number;
  local_date: LocalDate;
  status: StandupRunStatus;
  answers: ColumnType<StandupAnswers | null, string | null | undefined, string | null>;
  late: ColumnType<boolean, boolean | undefined, boolean>;
  prompted_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  updated_at: Timestamp;
}

/** The summary posted in a team's home conversation; `delivery_key` lets late answers edit it. */
export interface StandupSummariesTable {
  team_id: number;
  local_date: LocalDate;
  tenant_id: number;
  delivery_key: string;
  revision: ColumnType<number, number | undefined, number>;
  posted_at: Timestamp;
}

/** A blocker raised in a stand-up, numbered per project (B-1, B-2 …); `task_key` links a RACI task later. */
export interface BlockersTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  number: number;
  key: string;
  team_id: number | null;
  owner_id: number;
  run_id: string | null;
  text: string;
  opened_on: LocalDate;
  resolved_on: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_by: number | null;
  flagged_at: NullableTimestamp;
  task_key: string | null;
  created_at: CreatedAt;
}

/** A guided DM conversation in progress (its state survives restarts). */
export interface GuidedConversationsTable {
  tenant_id: number;
  person_id: number;
  /** Where the conversation lives: "direct" (the person's DMs) or a group (src/core/conversation-scope.ts; migrations/0006). */
  scope: ColumnType<string, string | undefined, string>;
  kind: string;
  state: Json<unknown>;
  expires_at: Timestamp;
  updated_at: Timestamp;
}

/** Tables of calendars, leave, stand-ups and blockers (migrations/0002_standups.ts). */
export interface StandupTables {
  calendars: CalendarsTable;
  leave_ranges: LeaveRangesTable;
  standup_configs: StandupConfigsTable;
  standup_runs: StandupRunsTable;
  standup_summaries: StandupSummariesTable;
  blockers: BlockersTable;
  guided_conversations: GuidedConversationsTable;
}

export type StandupConfigRow = Selectable<StandupConfigsTable>;
export type StandupRunRow = Selectable<StandupRunsTable>;
export type BlockerRow = Selectable<BlockersTable>;
