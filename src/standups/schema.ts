import type { ColumnType, Generated, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A calendar date, `YYYY-MM-DD` on both drivers (see src/db/database.ts). */
type LocalDate = ColumnType<string, string, string>;



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

/** Tables of stand-ups and blockers (src/standups/migrations/0002_standups.ts, which also creates the calendar and conversation tables). */
export interface StandupTables {
  standup_configs: StandupConfigsTable;
  standup_runs: StandupRunsTable;
  standup_summaries: StandupSummariesTable;
  blockers: BlockersTable;
}

export type StandupConfigRow = Selectable<StandupConfigsTable>;
export type StandupRunRow = Selectable<StandupRunsTable>;
export type BlockerRow = Selectable<BlockersTable>;

declare module "../db/schema.js" {
  interface DB extends StandupTables {}
}
