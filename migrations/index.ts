import type { Migration } from "kysely";
import * as core from "./0001_core.js";

/** Every migration, in order; listed by hand so that a stray file is never applied. */
export const migrations: Record<string, Migration> = {
  "0001_core": core,
};
