import { defineFeature } from "../feature/define.js";
import privacyErase from "./commands/privacy-erase.js";
import privacyExport from "./commands/privacy-export.js";
import privacyRetention from "./commands/privacy-retention.js";
import { createPrivacyFlows, type PrivacyFlows } from "./flows.js";
import { privacyLocales } from "./locales/index.js";
import * as m0017 from "./migrations/0017_privacy.js";
import { exportRoute } from "./route.js";
import "./schema.js";
import { purgeJob, purgeSchedule } from "./sweep.js";

declare module "../services.js" {
  interface FeatureServices {
    /** Personal data: a person's export, their erasure, retention per kind. */
    privacy: PrivacyFlows;
  }
}

/**
 * Personal data across every feature: each owner of tables declares how it exports, erases and retains what it
 * keeps (`personalData`); this feature runs those for `privacy export|erase|retention` and the daily purge.
 */
export const privacyFeature = defineFeature({
  name: "privacy",
  tables: ["privacy_retention", "privacy_former_members"],
  migrations: { "0017_privacy": m0017 },
  locales: privacyLocales,
  commands: [privacyExport, privacyErase, privacyRetention],
  build({ db, core, logger, config, jobs }) {
    const flows = createPrivacyFlows({ db, core, logger, config });
    const now = () => core.clock.now();
    return {
      services: flows,
      schedules: [purgeSchedule(db, jobs)],
      jobs: [purgeJob(flows.retention.purge, now)],
      routes: [exportRoute({ secret: config.LINK_SECRET, flows, audit: core.audit, now })],
    };
  },
});
