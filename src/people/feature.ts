import { peoplePersonalData } from "./personal-data.js";
import { defineFeature } from "../feature/define.js";
import help from "./commands/help.js";
import whoami from "./commands/whoami.js";

/** People and their platform identities; `help` and `whoami`. The people service itself is core (every feature needs it). */
export const peopleFeature = defineFeature({
  name: "people",
  sharedTables: ["people", "identities"],
  commands: [help, whoami],
  build: ({ db }) => ({ personalData: peoplePersonalData(db) }),
});
