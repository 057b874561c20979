import type { ColumnType, Generated } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
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

/** Tables of working-day calendars and leave. */
export interface CalendarTables {
  calendars: CalendarsTable;
  leave_ranges: LeaveRangesTable;
}

declare module "../db/schema.js" {
  interface DB extends CalendarTables {}
}
