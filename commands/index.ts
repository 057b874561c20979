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
import blockerList from "./blocker-list.js";
import blockerResolve from "./blocker-resolve.js";
import calendarImport from "./calendar-import.js";
import calendarShow from "./calendar-show.js";
import standup from "./standup.js";
import standupAway from "./standup-away.js";
import standupBack from "./standup-back.js";
import standupDays from "./standup-days.js";
import standupQuestions from "./standup-questions.js";
import standupSetup from "./standup-setup.js";
import standupSkip from "./standup-skip.js";
import standupStats from "./standup-stats.js";
import standupStatus from "./standup-status.js";
import standupTime from "./standup-time.js";
import standupWindow from "./standup-window.js";
import blockerLink from "./blocker-link.js";
import raciImport from "./raci-import.js";
import raciMatrix from "./raci-matrix.js";
import raciSettings from "./raci-settings.js";
import taskAdd from "./task-add.js";
import taskAssign from "./task-assign.js";
import taskCancel from "./task-cancel.js";
import taskDone from "./task-done.js";
import taskDue from "./task-due.js";
import taskEdit from "./task-edit.js";
import taskList from "./task-list.js";
import taskReopen from "./task-reopen.js";
import taskShow from "./task-show.js";
import taskSnooze from "./task-snooze.js";
import taskStatus from "./task-status.js";

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
  standup,
  standupSkip,
  standupAway,
  standupBack,
  standupStatus,
  standupStats,
  standupSetup,
  standupTime,
  standupDays,
  standupWindow,
  standupQuestions,
  blockerList,
  blockerResolve,
  calendarShow,
  calendarImport,
  taskList,
  taskShow,
  taskAdd,
  taskEdit,
  taskAssign,
  taskDue,
  taskStatus,
  taskDone,
  taskSnooze,
  taskReopen,
  taskCancel,
  raciMatrix,
  raciImport,
  raciSettings,
  blockerLink,
] as readonly AnyCommandSpec[];
