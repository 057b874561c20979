import type { ColumnType, Generated } from "kysely";

export interface TestThanksTable {
  id: Generated<string>;
  tenant_id: number;
  project_id: number;
  from_person: number;
  to_person: number;
  text: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

declare module "../../../src/db/schema.js" {
  interface DB {
    test_thanks: TestThanksTable;
  }
}
