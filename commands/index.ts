import type { AnyCommandSpec } from "../src/core/command.js";
import help from "./help.js";
import memberAdd from "./member-add.js";
import memberList from "./member-list.js";
import memberRemove from "./member-remove.js";
import memberRole from "./member-role.js";
import projectCreate from "./project-create.js";
import projectGolive from "./project-golive.js";
import projectList from "./project-list.js";
import projectPhase from "./project-phase.js";
import projectShow from "./project-show.js";
import projectUse from "./project-use.js";
import teamCreate from "./team-create.js";
import teamList from "./team-list.js";
import { teamAdd, teamRemove } from "./team-member.js";
import teamSet from "./team-set.js";
import whoami from "./whoami.js";

/** Every command, listed by hand (no folder scanning); `help` shows them in this order. */
export const commands: readonly AnyCommandSpec[] = [
  help,
  whoami,
  projectShow,
  projectList,
  projectUse,
  projectCreate,
  projectPhase,
  projectGolive,
  memberList,
  memberAdd,
  memberRole,
  memberRemove,
  teamList,
  teamCreate,
  teamSet,
  teamAdd,
  teamRemove,
] as readonly AnyCommandSpec[];
