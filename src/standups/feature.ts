import { standupsPersonalData } from "./personal-data.js";
import type { CalendarFlows } from "../calendar/flows.js";
import { defineFeature } from "../feature/define.js";
import { standupLocales } from "./locales/index.js";
import blockerList from "./commands/blocker-list.js";
import blockerResolve from "./commands/blocker-resolve.js";
import standupAway from "./commands/standup-away.js";
import standupBack from "./commands/standup-back.js";
import standupDays from "./commands/standup-days.js";
import standupQuestions from "./commands/standup-questions.js";
import standupSetup from "./commands/standup-setup.js";
import standupSkip from "./commands/standup-skip.js";
import standupStats from "./commands/standup-stats.js";
import standupStatus from "./commands/standup-status.js";
import standupTime from "./commands/standup-time.js";
import standupWindow from "./commands/standup-window.js";
import standup from "./commands/standup.js";
import * as m0002 from "./migrations/0002_standups.js";
import "./schema.js";
import { createStandups, type StandupFlows } from "./standups.js";

declare module "../services.js" {
  interface FeatureServices {
    /** Stand-ups: answers, settings, status, stats and blockers. */
    standups: StandupFlows;
  }
}

/** Stand-ups: prompts at each member's local time on working days, answers, summaries, blockers. */
export const standupsFeature = defineFeature({
  name: "standups",
  tables: ["standup_configs", "standup_runs", "standup_summaries", "blockers"],
  migrations: { "0002_standups": m0002 },
  locales: standupLocales,
  commands: [standup, standupSkip, standupAway, standupBack, standupStatus, standupStats, standupSetup, standupTime, standupDays, standupWindow, standupQuestions, blockerList, blockerResolve],
  build({ db, queue, logger, core, reads }) {
    const built = createStandups({
      db,
      queue,
      clock: core.clock,
      logger,
      teams: core.teams,
      projects: core.projects,
      calendars: reads.get<CalendarFlows>("calendar"),
      conversations: core.conversations,
    });
    return { services: built.flows, read: built.read, schedules: built.schedules, conversations: [built.guide], personalData: standupsPersonalData(db) };
  },
});
