import type { StandupReads } from "../standups/standups.js";
import type { RaciReads } from "../raci/feature.js";
import { defineFeature } from "../feature/define.js";
import adoptionBoard from "./commands/adoption-board.js";
import adoptionImport from "./commands/adoption-import.js";
import adoptionLicences from "./commands/adoption-licences.js";
import adoptionMap from "./commands/adoption-map.js";
import adoptionMe from "./commands/adoption-me.js";
import adoptionMode from "./commands/adoption-mode.js";
import adoptionOptout from "./commands/adoption-optout.js";
import adoptionRules from "./commands/adoption-rules.js";
import adoptionTokenCreate from "./commands/adoption-token-create.js";
import adoptionTokenList from "./commands/adoption-token-list.js";
import adoptionTokenRevoke from "./commands/adoption-token-revoke.js";
import adoptionUnmapped from "./commands/adoption-unmapped.js";
import thanks from "./commands/thanks.js";
import { createAdoption, type AdoptionFlows } from "./flows.js";
import { createAdoptionReads, type AdoptionReads } from "./metrics.js";
import { adoptionLocales } from "./locales/index.js";
import * as m0020 from "./migrations/0020_adoption.js";
import * as m0027 from "./migrations/0027_adoption_points_source.js";
import * as m0030 from "./migrations/0030_adoption_rollups.js";
import * as m0034 from "./migrations/0034_adoption_period_points.js";
import * as m0036 from "./migrations/0036_adoption_points_indexes.js";
import { adoptionPersonalData } from "./personal-data.js";
import { eventsRoute } from "./route.js";
import { weeklySchedule } from "./weekly.js";
import "./schema.js";

declare module "../services.js" {
  interface FeatureServices {
    /** Adoption: CRM usage events, points, kudos, boards. */
    adoption: AdoptionFlows;
  }
}

export type { AdoptionReads, AdoptionTrend, AdoptionWeek } from "./metrics.js";

/** Adoption: points from real CRM use and the bot's own rituals, kudos, boards, the weekly recognition post. */
export const adoptionFeature = defineFeature({
  name: "adoption",
  tables: ["adoption_tokens", "adoption_events", "adoption_users", "adoption_points", "adoption_kudos", "adoption_optouts", "adoption_task_done", "adoption_day_points", "adoption_usage_weeks", "adoption_period_points"],
  migrations: { "0020_adoption": m0020, "0027_adoption_points_source": m0027, "0030_adoption_rollups": m0030, "0034_adoption_period_points": m0034, "0036_adoption_points_indexes": m0036 },
  locales: adoptionLocales,
  commands: [thanks, adoptionBoard, adoptionMe, adoptionOptout, adoptionRules, adoptionTokenCreate, adoptionTokenList, adoptionTokenRevoke, adoptionImport, adoptionMap, adoptionUnmapped, adoptionMode, adoptionLicences],
  build({ db, core, reads, logger, readAttachment }) {
    const flows = createAdoption({ db, core, standups: reads.get<StandupReads>("standups"), raci: reads.get<RaciReads>("raci"), logger, readAttachment });
    const read: AdoptionReads = createAdoptionReads({ db, core, settings: flows.settings });
    return {
      services: flows,
      read,
      personalData: adoptionPersonalData(db),
      schedules: [weeklySchedule({ db, core, scores: flows.scores, settings: flows.settings, participation: flows.participation })],
      routes: [eventsRoute({ tokens: flows.tokens, now: () => core.clock.now(), ingest: flows.ingest })],
    };
  },
});
