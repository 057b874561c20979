import { raciPersonalData } from "./personal-data.js";
import { raciDecisions } from "./decisions.js";
import { createDeliveryRead, type DeliveryRead } from "./digest-read.js";
import type { CalendarFlows } from "../calendar/flows.js";
import { defineFeature } from "../feature/define.js";
import { raciLocales } from "./locales/index.js";
import type { StandupReads } from "../standups/standups.js";
import blockerLink from "./commands/blocker-link.js";
import raciExport from "./commands/raci-export.js";
import raciImport from "./commands/raci-import.js";
import raciMatrix from "./commands/raci-matrix.js";
import raciSettings from "./commands/raci-settings.js";
import taskAdd from "./commands/task-add.js";
import taskAssign from "./commands/task-assign.js";
import taskCancel from "./commands/task-cancel.js";
import taskDone from "./commands/task-done.js";
import taskDue from "./commands/task-due.js";
import taskEdit from "./commands/task-edit.js";
import taskList from "./commands/task-list.js";
import taskReopen from "./commands/task-reopen.js";
import taskShow from "./commands/task-show.js";
import taskSnooze from "./commands/task-snooze.js";
import taskStatus from "./commands/task-status.js";
import * as m0003 from "./migrations/0003_raci.js";
import { createRaci, type RaciFlows } from "./raci.js";
import "./schema.js";
import type { RaciTaskPort } from "./task-port.js";

declare module "../services.js" {
  interface FeatureServices {
    /** RACI tasks: changes, views, the matrix, CSV import, blocker links and the nag ladder's settings. */
    raci: RaciFlows;
  }
}

/** What later features read of RACI: the flows, and `tasks` to create tasks and hear their status changes. */
export type RaciReads = RaciFlows & { tasks: RaciTaskPort; delivery: DeliveryRead };

/** RACI tasks: one Accountable, Responsible owners, the nag ladder within working hours, one-off notices. */
export const raciFeature = defineFeature({
  name: "raci",
  tables: ["task_counters", "tasks", "task_assignments", "task_history", "task_notices"],
  migrations: { "0003_raci": m0003 },
  locales: raciLocales,
  commands: [taskList, taskShow, taskAdd, taskEdit, taskAssign, taskDue, taskStatus, taskDone, taskSnooze, taskReopen, taskCancel, raciMatrix, raciImport, raciExport, raciSettings, blockerLink],
  build({ db, queue, logger, core, reads, readAttachment }) {
    const calendars = reads.get<CalendarFlows>("calendar");
    const built = createRaci({
      db,
      queue,
      clock: core.clock,
      logger,
      people: core.people,
      projects: core.projects,
      tenants: core.tenants,
      calendars,
      audit: core.audit,
      conversations: core.conversations,
      blockerLinks: reads.get<StandupReads>("standups").blockerLinks,
      readAttachment,
    });
    const read: RaciReads = { ...built.flows, tasks: built.port, delivery: createDeliveryRead(db) };
    return { services: built.flows, read, personalData: raciPersonalData(db), schedules: built.schedules, conversations: [built.paste], decisions: raciDecisions({ db, clock: core.clock, projects: core.projects, calendars }) };
  },
});
