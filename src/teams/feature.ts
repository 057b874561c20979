import { teamMembersPersonalData } from "./personal-data.js";
import { defineFeature } from "../feature/define.js";
import teamAdd from "./commands/team-add.js";
import teamCreate from "./commands/team-create.js";
import teamList from "./commands/team-list.js";
import teamRemove from "./commands/team-remove.js";
import teamSet from "./commands/team-set.js";

/** Teams of a project: their zone, hours, calendar, language and home group. */
export const teamsFeature = defineFeature({
  name: "teams",
  sharedTables: ["teams", "team_members"],
  commands: [teamList, teamCreate, teamSet, teamAdd, teamRemove],
  build: ({ db }) => ({ personalData: teamMembersPersonalData(db) }),
});
