import type { ColumnType, Generated } from "kysely";
import type { ConversationRef } from "../core/adapter.js";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export const FEEDBACK_STATUSES = ["new", "triaged", "in_progress", "planned", "resolved", "wont_fix", "needs_info", "merged"] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const PRIORITIES = ["urgent", "high", "normal", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const FEEDBACK_TYPES = ["bug", "performance", "missing_feature", "too_complex", "training", "data", "suggestion", "complaint"] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];

/** A file that came with the feedback, as the platform described it (downloadable later through its adapter). */
export interface StoredAttachment {
  name: string;
  mimeType?: string;
  size?: number;
  ref: Record<string, string>;
  /** The conversation it came in (the adapter downloads through it); absent on items filed before it was kept. */
  from?: ConversationRef;
}

export interface FeedbackCountersTable {
  project_id: number;
  last_number: ColumnType<number, number | undefined, number>;
}

export interface FeedbackSettingsTable {
  project_id: number;
  tenant_id: number;
  modules: Json<string[] | null> | null;
  reaction: string | null;
  urgent_hours: number | null;
  other_days: number | null;
  updated_at: Timestamp;
}

export interface FeedbackItemsTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  number: number;
  key: string;
  text: string;
  type: FeedbackType | null;
  module: string | null;
  priority: ColumnType<Priority, Priority | undefined, Priority>;
  status: ColumnType<FeedbackStatus, FeedbackStatus | undefined, FeedbackStatus>;
  reporter_id: number | null;
  filed_by: number | null;
  owner_id: number | null;
  target_date: string | null;
  duplicate_of: string | null;
  task_id: string | null;
  task_key: string | null;
  source: ColumnType<"command" | "reply" | "reaction", "command" | "reply" | "reaction" | undefined, never>;
  source_ref: string | null;
  attachments: ColumnType<StoredAttachment[] | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  triaged_at: NullableTimestamp;
  /** Kept by a trigger (migration 0023). */
  triaged_late: ColumnType<boolean, never, never>;
  resolved_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface FeedbackFollowersTable {
  item_id: string;
  person_id: number;
  tenant_id: number;
  added_at: CreatedAt;
}

export interface FeedbackEventsTable {
  id: Generated<string>;
  item_id: string;
  tenant_id: number;
  person_id: number | null;
  kind: string;
  note: string | null;
  at: CreatedAt;
  pending: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface FeedbackHeardTable {
  tenant_id: number;
  project_id: number;
  /** `<platform>:<tenant ref>:<conversation id>`. */
  conversation: string;
  message_id: string;
  person_id: number;
  text: string;
  at: CreatedAt;
}

/** Counts per project, type, module, status and late triage, kept by triggers on feedback_items ('' = not set). */
export interface FeedbackRollupTable {
  project_id: number;
  type: string;
  module: string;
  status: FeedbackStatus;
  late: boolean;
  priority: Priority;
  n: number;
}

export interface FeedbackReleasesTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  name: string;
  items: Json<string[]>;
  released_by: number | null;
  at: CreatedAt;
}

/** Key users (超级用户) of one module of a project (migration 0029). */
export interface FeedbackModuleKeyusersTable {
  project_id: number;
  tenant_id: number;
  module: string;
  person_id: number;
  added_by: number | null;
  added_at: CreatedAt;
}

declare module "../db/schema.js" {
  interface DB {
    feedback_counters: FeedbackCountersTable;
    feedback_settings: FeedbackSettingsTable;
    feedback_items: FeedbackItemsTable;
    feedback_followers: FeedbackFollowersTable;
    feedback_events: FeedbackEventsTable;
    feedback_releases: FeedbackReleasesTable;
    feedback_heard: FeedbackHeardTable;
    feedback_rollup: FeedbackRollupTable;
    feedback_module_keyusers: FeedbackModuleKeyusersTable;
  }
}
