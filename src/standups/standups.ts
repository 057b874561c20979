// Building the stand-up flows registers their texts: commands (`summary:`, UserError keys) reach them through ctx.t.
import "./i18n.js";
import type { Clock } from "../core/clock.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import type { JobQueue } from "../core/queue.js";
import type { CalendarService } from "../calendar/service.js";
import type { GuidedConversationStore } from "../conversations/store.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { ProjectService } from "../projects/service.js";
import type { OccurrenceSchedule } from "../schedule/occurrence.js";
import type { TeamService } from "../teams/service.js";
import { createStandupAnswerEvents, type StandupAnsweredListener } from "./answer-events.js";
import { createBlockerLinks, type BlockerLinks } from "./blocker-links.js";
import { createBlockerService } from "./blockers.js";
import { createAnswerFlows } from "./flows.js";
import { createStandupGuide } from "./guide.js";
import { createReportFlows } from "./reports.js";
import { createPromptSchedules } from "./prompt-schedules.js";
import { createReportSchedules } from "./report-schedules.js";
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
}

/** What other features may read or do with stand-ups (their tables stay the stand-ups' own). */
export interface StandupReads {
  /** Stand-up blockers RACI tasks can carry. */
  blockerLinks: BlockerLinks;
  /** Participation per team and person between two local dates (for the sponsor digest). */
  participation: ReturnType<typeof buildFlows>["participation"];
  /** Hears every stand-up answer inside the transaction that saves it (adoption awards on-time answers there). */
  onAnswered(listener: StandupAnsweredListener): void;
}

/** What commands reach as `services.standups`. */
export type StandupFlows = ReturnType<typeof createStandups>["flows"];

/**
 * The stand-up feature, assembled: the flows commands call, the guided-conversation handler the dispatcher
 * consults, and the tick schedules (prompts and reminders, summaries, blocker flags).
 */
export function createStandups(deps: StandupDeps): { flows: ReturnType<typeof buildFlows>; read: StandupReads; guide: ConversationHandler; schedules: OccurrenceSchedule[] } {
  const standups = createStandupService(deps.db);
  const blockers = createBlockerService(deps.db);
  const summaries = createSummaries({ ...deps, standups, blockers });
  const answerEvents = createStandupAnswerEvents();
  const answers = createAnswerFlows({ ...deps, standups, blockers, summaries, answerEvents });
  const flows = buildFlows(deps, { standups, blockers, summaries, answers });
  return {
    flows,
    read: {
      blockerLinks: createBlockerLinks(deps.db),
      participation: flows.participation,
      onAnswered: answerEvents.onAnswered,
    },
    guide: createStandupGuide({ conversations: deps.conversations, standups, flows: answers }),
    schedules: [...createPromptSchedules({ standups, calendars: deps.calendars }), ...createReportSchedules({ ...deps, standups, blockers, summaries })],
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
