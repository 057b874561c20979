import type { Migration } from "kysely";
import * as core from "./0001_core.js";
import * as housekeeping from "./0004_housekeeping.js";

/**
 * The core's migrations, listed by hand so that a stray file is never applied. Each feature lists its own
 * (`src/<feature>/migrations/`); src/feature/migrations.ts merges them in name order.
 */
export const coreMigrations: Record<string, Migration> = {
  "0001_core": core,
  "0004_housekeeping": housekeeping,
};
