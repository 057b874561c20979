import type { CalendarFlows } from "../calendar/flows.js";
import { defineFeature } from "../feature/define.js";
import type { RaciReads } from "../raci/feature.js";
import feedbackAttachment from "./commands/feedback-attachment.js";
import feedbackDup from "./commands/feedback-dup.js";
import feedbackFile from "./commands/feedback-file.js";
import feedbackFixed from "./commands/feedback-fixed.js";
import feedbackKeyuser from "./commands/feedback-keyuser.js";
import feedbackList from "./commands/feedback-list.js";
import feedbackModules from "./commands/feedback-modules.js";
import feedbackExport from "./commands/feedback-export.js";
import feedbackRelease from "./commands/feedback-release.js";
import feedbackPlusOne from "./commands/feedback-plus-one.js";
import feedbackSettings from "./commands/feedback-settings.js";
import feedbackShow from "./commands/feedback-show.js";
import feedbackStats from "./commands/feedback-stats.js";
import feedbackStatus from "./commands/feedback-status.js";
import feedbackTask from "./commands/feedback-task.js";
import feedbackTriage from "./commands/feedback-triage.js";
import { captureHooks } from "./capture.js";
import { createFeedbackFlows, type FeedbackFlows } from "./flows.js";
import { feedbackLocales } from "./locales/index.js";
import * as m0023 from "./migrations/0023_feedback.js";
import * as m0029 from "./migrations/0029_feedback_keyusers.js";
import * as m0037 from "./migrations/0037_feedback_rollup_priority.js";
import { pendingNotices } from "./notice-schedule.js";
import { triageReminders } from "./reminders.js";
import { feedbackPersonalData } from "./personal-data.js";
import { createFeedbackReads, type FeedbackReads } from "./reads.js";
import "./schema.js";

export type { FeedbackReads, AcceptedFeedback } from "./reads.js";
export type { StatsRow } from "./stats.js";
export type { DigestItem, FeedbackDigest } from "./digest-read.js";

declare module "../services.js" {
  interface FeatureServices {
    /** Feedback: filed in chat, triaged by key users, the reporter and every "me too" told at each change. */
    feedback: FeedbackFlows;
  }
}

/** Feedback in chat: file, dedupe and vote, triage, status notices, releases that close the loop. */
export const feedbackFeature = defineFeature({
  name: "feedback",
  tables: ["feedback_counters", "feedback_settings", "feedback_items", "feedback_followers", "feedback_events", "feedback_releases", "feedback_heard", "feedback_rollup", "feedback_module_keyusers"],
  migrations: { "0023_feedback": m0023, "0029_feedback_keyusers": m0029, "0037_feedback_rollup_priority": m0037 },
  locales: feedbackLocales,
  permissions: {
    "feedback.triage": ["key_user", "pm", "admin"],
  },
  commands: [feedbackFile, feedbackList, feedbackShow, feedbackPlusOne, feedbackDup, feedbackTriage, feedbackStatus, feedbackTask, feedbackFixed, feedbackModules, feedbackSettings, feedbackStats, feedbackRelease, feedbackExport, feedbackAttachment, feedbackKeyuser],
  build({ db, core, reads, config, readAttachment }) {
    const raci = reads.get<RaciReads>("raci");
    const calendars = reads.get<CalendarFlows>("calendar");
    const flows = createFeedbackFlows({ db, core, tasks: raci.tasks, calendars, config, readAttachment });
    const read: FeedbackReads = createFeedbackReads({ db, core }, flows.stats);
    return { services: flows, read, personalData: feedbackPersonalData(db), schedules: [triageReminders({ db, core, calendars }), pendingNotices({ db, core })], routes: [flows.exports.route, flows.attachments.route], conversations: [flows.info.conversation], hooks: captureHooks({ db, core, tasks: raci.tasks, calendars }, flows.filing) };
  },
});
