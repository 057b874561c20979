import { peoplePersonalData } from "./personal-data.js";
import { defineFeature } from "../feature/define.js";
import { peopleLocales } from "./locales/index.js";
import help from "./commands/help.js";
import whoami from "./commands/whoami.js";
import me from "./commands/me.js";
import meLanguage from "./commands/me-language.js";
import meTimezone from "./commands/me-timezone.js";
import meHours from "./commands/me-hours.js";
import * as m0028 from "./migrations/0028_personal_hours.js";

/**
 * People and their platform identities; `help`, `whoami`, and `me` (a person's own language, time zone and working
 * hours over their team's). The people service itself is core (every feature needs it).
 */
export const peopleFeature = defineFeature({
  name: "people",
  sharedTables: ["people", "identities"],
  migrations: { "0028_personal_hours": m0028 },
  locales: peopleLocales,
  commands: [help, whoami, me, meLanguage, meTimezone, meHours],
  build: ({ db }) => ({ personalData: peoplePersonalData(db) }),
});
