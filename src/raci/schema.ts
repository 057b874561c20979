import type { ColumnType, Generated, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
/** A calendar date, `YYYY-MM-DD` on both drivers (see src/db/database.ts). */
type NullableLocalDate = ColumnType<string | null, string | null | undefined, string | null>;

export type TaskStatus = "open" | "in_progress" | "blocked" | "done" | "cancelled";
export type RaciRole = "R" | "A" | "C" | "I";
export type TaskNoticeKind = "blocked" | "done";

/** The last task number handed out per project (T-1, T-2 …). */
export interface TaskCountersTable {
  project_id: number;
  tenant_id: number;
  last_number: ColumnType<number, number | undefined, number>;
}

/** A RACI task; `due_at` is when it becomes overdue (the due time, else the end of the due date, project-local). */
export interface TasksTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  number: number;
  key: string;
  title: string;
  phase: string | null;
  due_date: NullableLocalDate;
  due_time: string | null;
  due_at: NullableTimestamp;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  snoozed_until: NullableLocalDate;
  blocked_note: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  done_at: NullableTimestamp;
  done_by: number | null;
}

/** Who is Responsible, Accountable, Consulted or Informed on a task. */
export interface TaskAssignmentsTable {
  task_id: string;
  role: RaciRole;
  person_id: number;
  tenant_id: number;
}

/** Every change to a task: who, when, what (`changes`: field → { from, to }). */
export interface TaskHistoryTable {
  id: Generated<string>;
  tenant_id: number;
  task_id: string;
  person_id: number | null;
  action: string;
  changes: Json<Record<string, unknown>>;
  at: Timestamp;
}

/** A one-off message a change owes a person, sent by the tick within their working hours. */
export interface TaskNoticesTable {
  id: Generated<string>;
  tenant_id: number;
  task_id: string;
  person_id: number;
  kind: TaskNoticeKind;
  by_person_id: number | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

/** Tables of RACI tasks and their history (migrations/0003_raci.ts). */
export interface RaciTables {
  task_counters: TaskCountersTable;
  tasks: TasksTable;
  task_assignments: TaskAssignmentsTable;
  task_history: TaskHistoryTable;
  task_notices: TaskNoticesTable;
}

export type TaskRow = Selectable<TasksTable>;

declare module "../db/schema.js" {
  interface DB extends RaciTables {}
}
