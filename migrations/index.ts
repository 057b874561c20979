import type { Migration } from "kysely";
import * as core from "./0001_core.js";
import * as housekeeping from "./0004_housekeeping.js";
import * as sentRefIndex from "./0005_sent_ref_index.js";
import * as conversationScope from "./0006_conversation_scope.js";
import * as groups from "./0007_groups.js";
import * as media from "./0008_media.js";
import * as inboundLeases from "./0022_inbound_leases.js";
import * as membershipRoleIndex from "./0031_membership_role_index.js";
import * as projectRoleAndPlanIndexes from "./0035_project_role_and_plan_indexes.js";

/**
 * The core's migrations, listed by hand so that a stray file is never applied. Each feature lists its own
 * (`src/<feature>/migrations/`); src/feature/migrations.ts merges them in name order.
 */
export const coreMigrations: Record<string, Migration> = {
  "0001_core": core,
  "0004_housekeeping": housekeeping,
  "0005_sent_ref_index": sentRefIndex,
  "0006_conversation_scope": conversationScope,
  "0007_groups": groups,
  "0008_media": media,
  "0022_inbound_leases": inboundLeases,
  "0031_membership_role_index": membershipRoleIndex,
  "0035_project_role_and_plan_indexes": projectRoleAndPlanIndexes,
};
