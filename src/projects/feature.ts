import { membershipsPersonalData } from "./personal-data.js";
import { defineFeature } from "../feature/define.js";
import memberAdd from "./commands/member-add.js";
import memberList from "./commands/member-list.js";
import memberRemove from "./commands/member-remove.js";
import memberRole from "./commands/member-role.js";
import projectCreate from "./commands/project-create.js";
import projectGolive from "./commands/project-golive.js";
import projectList from "./commands/project-list.js";
import projectPhase from "./commands/project-phase.js";
import projectShow from "./commands/project-show.js";
import projectUse from "./commands/project-use.js";

/** Projects, their phase and go-live date, and who holds which role in them. */
export const projectsFeature = defineFeature({
  name: "projects",
  tables: ["memberships"],
  sharedTables: ["projects"],
  commands: [projectShow, projectList, projectUse, projectCreate, projectPhase, projectGolive, memberList, memberAdd, memberRole, memberRemove],
  build: ({ db }) => ({ personalData: membershipsPersonalData(db) }),
});
