import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A tenant's retention period for one kind of data, where it differs from the default. */
export interface PrivacyRetentionTable {
  tenant_id: number;
  kind: string;
  days: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** The tenant's "former member": who a kept record names once the person it named has been erased. */
export interface PrivacyFormerMembersTable {
  tenant_id: number;
  person_id: number;
}

export interface PrivacyTables {
  privacy_retention: PrivacyRetentionTable;
  privacy_former_members: PrivacyFormerMembersTable;
}

declare module "../db/schema.js" {
  interface DB extends PrivacyTables {}
}
