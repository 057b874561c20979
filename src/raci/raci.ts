// Building the RACI flows registers their texts: commands (`summary:`, UserError keys) reach them through ctx.t.
import { createRaciExport } from "./export.js";
import { translator } from "./i18n.js";
import type { Clock } from "../core/clock.js";
import { UserError } from "../core/command.js";
import { fields, type OutboundMessage } from "../core/message.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import type { JobQueue } from "../core/queue.js";
import type { BlockerLinks } from "../standups/blocker-links.js";
import type { AuditService } from "../audit/service.js";
import type { CalendarService } from "../calendar/service.js";
import type { GuidedConversationStore } from "../conversations/store.js";
import type { Database } from "../db/database.js";
import type { AttachmentReader } from "../core/attachments.js";
import type { Logger } from "../logger.js";
import type { PeopleService } from "../people/service.js";
import type { ProjectService } from "../projects/service.js";
import type { OccurrenceSchedule } from "../schedule/occurrence.js";
import type { TenantService } from "../tenants/service.js";
import { createAskerTools, type RaciDeps, type TaskAsker } from "./asker.js";
import { createBlockerLinks } from "./blocker-link.js";
import { createTaskFlows } from "./flows.js";
import { createRaciImport } from "./import.js";
import { createNagSchedule, type NagSchedule } from "./nag-schedule.js";
import { createNoticeSchedule } from "./notice-schedule.js";
import { createRaciPaste } from "./paste.js";
import { createUploadReader } from "./upload.js";
import { createTaskService, type TaskService } from "./service.js";
import { createTaskEvents, createTaskPort, type RaciTaskPort } from "./task-port.js";
import { loadRaciSettings, saveRaciSettings, type RaciSettings } from "./settings.js";
import { createTaskViews } from "./views.js";

export interface RaciFeatureDeps {
  db: Database;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  people: PeopleService;
  projects: ProjectService;
  tenants: TenantService;
  calendars: Pick<CalendarService, "rulesFor" | "rulesForTeam" | "rulesForPeople" | "anyWorkStartIn">;
  audit: AuditService;
  conversations: GuidedConversationStore;
  /** Stand-up blockers a task can carry (the stand-ups' API). */
  blockerLinks: BlockerLinks;
  /** Downloads files uploaded in chat (a RACI CSV), through the platform's adapter. */
  readAttachment: AttachmentReader;
}

/** What commands reach as `services.raci`. */
export type RaciFlows = ReturnType<typeof createRaci>["flows"];
export type { TaskAsker };

/**
 * RACI tasks, assembled: the flows commands call, the handler that takes a pasted CSV in a DM, and the tick
 * schedules (the nag ladder, one-off notices).
 */
export function createRaci(deps: RaciFeatureDeps): { flows: ReturnType<typeof buildFlows>; paste: ConversationHandler; schedules: OccurrenceSchedule[]; nags: NagSchedule; tasks: TaskService; port: RaciTaskPort } {
  const tasks = createTaskService(deps.db, deps.blockerLinks);
  const events = createTaskEvents();
  const base: RaciDeps = { ...deps, tasks, events };
  const importer = createRaciImport({ ...deps, tasks, gates: events.gateHandler });
  const readUpload = createUploadReader({ readAttachment: deps.readAttachment, logger: deps.logger });
  const paste = createRaciPaste({ importer, conversations: deps.conversations, clock: deps.clock, audit: deps.audit, readUpload });
  const nags = createNagSchedule({ ...deps, tasks });
  const notices = createNoticeSchedule({ ...deps, tasks });
  const port = createTaskPort({ db: deps.db, clock: deps.clock, tasks, events });
  return { flows: buildFlows(base, importer, paste), paste: paste.handler, schedules: [nags.schedule, notices], nags, tasks, port };
}

function buildFlows(base: RaciDeps, importer: ReturnType<typeof createRaciImport>, paste: ReturnType<typeof createRaciPaste>) {
  const tools = createAskerTools(base);
  const views = createTaskViews(base, tools);
  const changes = createTaskFlows(base, tools, views);
  const links = createBlockerLinks(base, tools, views);
  return {
    /** The asker, moved to another of their projects when `--project` names one. */
    asker: tools.inProject,
    ...changes,
    show: views.show,
    list: views.list,
    matrix: views.matrix,
    blockedTasksText: views.blockedTasksText,
    /** `raci import [file] [--dry-run]`: a console file now, or the CSV pasted as the next DM message. */
    importFrom: paste.start,
    /** Imports CSV text into a project (the `npm run cli -- raci import` entry). */
    importCsv: importer.run,
    readCsvFile: importer.readFile,
    /** `raci export [file]`: the tasks as CSV with keys, for a spreadsheet round trip. */
    exportCsv: createRaciExport({ tasks: base.tasks }),
    linkBlocker: links.link,

    /** Shows, and with changes sets, the project's nag ladder (PM). */
    async settings(who: TaskAsker, changes: Partial<RaciSettings>): Promise<OutboundMessage> {
      const t = translator(who.locale);
      const current = await loadRaciSettings(base.projects, who.projectId);
      const merged = { ...current, ...changes };
      if (merged.sponsorAfter < merged.escalateAfter) throw new UserError("raci.errors.sponsor_before_a", { sponsor: merged.sponsorAfter, a: merged.escalateAfter });
      const settings = Object.keys(changes).length > 0 ? await saveRaciSettings(base.projects, who.projectId, changes) : current;
      return {
        title: t("raci.settings.title", { project: who.projectName }),
        blocks: [
          fields([
            [t("raci.settings.heads_up"), t("raci.settings.days", { days: settings.headsUpDays })],
            [t("raci.settings.escalate_after"), t("raci.settings.days", { days: settings.escalateAfter })],
            [t("raci.settings.sponsor_after"), t("raci.settings.days", { days: settings.sponsorAfter })],
          ]),
        ],
      };
    },
  };
}
