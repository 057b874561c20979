import type { ColumnType, Generated } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export type RagStatus = "red" | "amber" | "green";

/** The PM's word on the project's status, shown beside the computed one until replaced or cleared. */
export interface DigestStatusTable {
  project_id: number;
  tenant_id: number;
  status: RagStatus;
  note: string;
  set_by: number | null;
  set_at: Timestamp;
}

/** A digest that went out: the numbers (not the rendering), for week-over-week deltas and `digest history`. */
export interface DigestHistoryTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  /** `weekly:<project-local date>` for the schedule's, `manual:<instant>` for `digest send`: one row per send. */
  period: string;
  kind: "weekly" | "manual";
  sent_at: CreatedAt;
  status: RagStatus;
  figures: Json<Record<string, number>>;
}

/** A signed web-report link handed to one reader; revoked by `digest revoke`, dead after `expires_at`. */
export interface DigestLinksTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  person_id: number;
  created_at: CreatedAt;
  expires_at: Date;
  revoked_at: NullableTimestamp;
}

declare module "../db/schema.js" {
  interface DB {
    digest_status: DigestStatusTable;
    digest_history: DigestHistoryTable;
    digest_links: DigestLinksTable;
  }
}
