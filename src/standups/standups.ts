// Building the stand-up flows registers their texts: commands (`summary:`, UserError keys) reach them through ctx.t.
import "./i18n.js";
import type { PlatformId } from "../core/adapter.js";
import type { Clock } from "../core/clock.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import type { JobQueue } from "../core/queue.js";
import type { CalendarService } from "../calendar/service.js";
import type { GuidedConversationStore } from "../conversations/store.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { ProjectService } from "../projects/service.js";
import { createPacer } from "../schedule/pacer.js";
import type { Schedule } from "../schedule/tick.js";
import type { TeamService } from "../teams/service.js";
import { createBlockerService } from "./blockers.js";
import { createAnswerFlows } from "./flows.js";
import { createStandupGuide } from "./guide.js";
import { createReportFlows } from "./reports.js";
import { createStandupSchedules } from "./schedules.js";
import { createStandupService } from "./service.js";
import { createSettingsFlows } from "./settings.js";
import { participation } from "./stats.js";
import { createSummaries } from "./summary.js";

/** What the stand-up feature needs from the composition root. */
export interface StandupDeps {
  db: Database;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  teams: TeamService;
  projects: ProjectService;
  calendars: CalendarService;
  conversations: GuidedConversationStore;
  /** Sends per second each platform allows workspace-wide (0: no limit); prompts are paced to it. */
  sendRate: (platform: PlatformId) => number;
}

/** What commands reach as `services.standups`. */
export type StandupFlows = ReturnType<typeof createStandups>["flows"];

/**
 * The stand-up feature, assembled: the flows commands call, the guided-conversation handler the dispatcher
 * consults, and the tick schedules (prompts and reminders, summaries, blocker flags).
 */
export function createStandups(deps: StandupDeps): { flows: ReturnType<typeof buildFlows>; guide: ConversationHandler; schedules: Schedule[] } {
  const standups = createStandupService(deps.db);
  const blockers = createBlockerService(deps.db);
  const summaries = createSummaries({ ...deps, standups, blockers });
  const answers = createAnswerFlows({ ...deps, standups, blockers, summaries });
  const flows = buildFlows(deps, { standups, blockers, summaries, answers });
  return {
    flows,
    guide: createStandupGuide({ conversations: deps.conversations, standups, flows: answers }),
    schedules: createStandupSchedules({ ...deps, standups, blockers, summaries, pacer: createPacer(deps.sendRate) }),
  };
}

function buildFlows(
  deps: StandupDeps,
  parts: { standups: ReturnType<typeof createStandupService>; blockers: ReturnType<typeof createBlockerService>; summaries: ReturnType<typeof createSummaries>; answers: ReturnType<typeof createAnswerFlows> },
) {
  const settings = createSettingsFlows({ standups: parts.standups, answers: parts.answers });
  const reports = createReportFlows({ ...deps, ...parts });
  return {
    answer: parts.answers.answer,
    startGuide: parts.answers.startGuide,
    skip: parts.answers.skip,
    away: parts.answers.away,
    back: parts.answers.back,
    setup: settings.setup,
    configure: settings.configure,
    questions: settings.questions,
    status: reports.status,
    stats: reports.stats,
    blockers: { list: reports.list, resolve: reports.resolve },
    /** Participation per team and person between two local dates (for the sponsor digest). */
    participation: (tenantId: number, projectId: number, from: string, to: string) => participation(deps.db, tenantId, projectId, from, to),
  };
}
