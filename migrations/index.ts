import type { Migration } from "kysely";
import * as core from "./0001_core.js";
import * as standups from "./0002_standups.js";
import * as raci from "./0003_raci.js";
import * as housekeeping from "./0004_housekeeping.js";
import * as media from "./0005_media.js";

/** Every migration, in order; listed by hand so that a stray file is never applied. */
export const migrations: Record<string, Migration> = {
  "0001_core": core,
  "0002_standups": standups,
  "0003_raci": raci,
  "0004_housekeeping": housekeeping,
  "0005_media": media,
};
