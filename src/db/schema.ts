import type { ColumnType, Generated, Insertable, Selectable } from "kysely";
import type { MediaTables } from "./schema-media.js";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface TenantsTable {
  id: Generated<number>;
  platform: string;
  external_id: string;
  name: string;
  locale: string;
  timezone: string;
  created_at: CreatedAt;
}

export interface PeopleTable {
  id: Generated<number>;
  tenant_id: number;
  display_name: string;
  email: string | null;
  mobile: string | null;
  locale: string | null;
  timezone: string | null;
  work_start: string | null;
  /** Added by src/people/migrations/0028_personal_hours.ts. */
  work_end: string | null;
  current_project_id: number | null;
  created_at: CreatedAt;
}

export interface IdentitiesTable {
  id: Generated<number>;
  tenant_id: number;
  person_id: number;
  platform: string;
  user_id: string;
  created_at: CreatedAt;
}

export interface ProjectsTable {
  id: Generated<number>;
  tenant_id: number;
  key: string;
  name: string;
  phase: string;
  go_live_date: ColumnType<string | null, string | null | undefined, string | null>;
  timezone: string;
  settings: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  id: Generated<number>;
  tenant_id: number;
  project_id: number;
  person_id: number;
  role: string;
  created_at: CreatedAt;
}

export interface TeamsTable {
  id: Generated<number>;
  tenant_id: number;
  project_id: number;
  name: string;
  timezone: string;
  locale: string;
  work_start: ColumnType<string, string | undefined, string>;
  work_end: ColumnType<string, string | undefined, string>;
  calendar: string;
  home_conversation: Json<unknown> | null;
  created_at: CreatedAt;
}

export interface TeamMembersTable {
  team_id: number;
  person_id: number;
  tenant_id: number;
  created_at: CreatedAt;
}

export type DeliveryStatus = "pending" | "sending" | "sent" | "failed" | "cancelled";

export interface DeliveriesTable {
  id: Generated<string>;
  tenant_id: number | null;
  key: string;
  platform: string;
  target: Json<unknown>;
  message: Json<unknown>;
  reply: Json<unknown> | null;
  person_id: number | null;
  edit_of: string | null;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_at: Timestamp;
  last_error: string | null;
  sent_ref: Json<unknown> | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AuditLogTable {
  id: Generated<string>;
  tenant_id: number;
  person_id: number | null;
  project_id: number | null;
  action: string;
  outcome: string;
  details: Json<Record<string, unknown>>;
  conversation: Json<unknown> | null;
  created_at: CreatedAt;
}

export interface InboundKeysTable {
  key: string;
  received_at: Timestamp;
  /** `running` while the event is being handled (under a lease), `done` once it ran to the end. */
  state: Generated<"running" | "done">;
  lease_until: Date | null;
}

export interface PendingRepliesTable {
  id: Generated<string>;
  platform: string;
  tenant_ref: string;
  conversation_id: string;
  user_id: string;
  kind: "choices" | "confirm";
  payload: Json<unknown>;
  expires_at: Timestamp;
}

export interface ClaimsTable {
  key: string;
  claimed_at: Timestamp;
}

/** A guided conversation in progress (its state survives restarts). */
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

export interface SchedulerStateTable {
  name: string;
  last_at: Timestamp;
}

/** Chat groups created through the outbox (a war room): spec, the created conversation, progress (src/notify/groups.ts). */
export interface GroupsTable {
  key: string;
  tenant_id: number;
  platform: string;
  spec: Json<unknown>;
  welcome: Json<unknown> | null;
  conversation: Json<unknown> | null;
  members_added_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/**
 * The database as the typed code sees it; the migrations are the source of truth. Core tables are listed here;
 * each feature adds its own with a module augmentation next to its tables (`src/<feature>/schema.ts`).
 */
export interface DB extends MediaTables {
  tenants: TenantsTable;
  people: PeopleTable;
  identities: IdentitiesTable;
  projects: ProjectsTable;
  memberships: MembershipsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  deliveries: DeliveriesTable;
  audit_log: AuditLogTable;
  inbound_keys: InboundKeysTable;
  pending_replies: PendingRepliesTable;
  claims: ClaimsTable;
  scheduler_state: SchedulerStateTable;
  guided_conversations: GuidedConversationsTable;
  groups: GroupsTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type TeamRow = Selectable<TeamsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type NewDelivery = Insertable<DeliveriesTable>;
