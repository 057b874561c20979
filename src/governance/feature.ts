import type { CalendarFlows } from "../calendar/flows.js";
import { defineFeature } from "../feature/define.js";
import type { RaciReads } from "../raci/feature.js";
import changeDecide from "./commands/change-decide.js";
import changeList from "./commands/change-list.js";
import changeRequest from "./commands/change-request.js";
import changeReview from "./commands/change-review.js";
import changeShow from "./commands/change-show.js";
import changeTask from "./commands/change-task.js";
import decisionList from "./commands/decision-list.js";
import meetingSetup from "./commands/meeting-setup.js";
import meetingAction from "./commands/meeting-action.js";
import meetingDecision from "./commands/meeting-decision.js";
import meetingNotes from "./commands/meeting-notes.js";
import meetingAttend from "./commands/meeting-attend.js";
import riskAdd from "./commands/risk-add.js";
import riskClose from "./commands/risk-close.js";
import riskDecide from "./commands/risk-decide.js";
import riskEscalate from "./commands/risk-escalate.js";
import riskList from "./commands/risk-list.js";
import riskReview from "./commands/risk-review.js";
import riskShow from "./commands/risk-show.js";
import riskTask from "./commands/risk-task.js";
import riskUpdate from "./commands/risk-update.js";
import { governanceDecisions } from "./decisions.js";
import { createGovernance, type GovernanceFlows } from "./flows.js";
import { governanceLocales } from "./locales/index.js";
import { createReviewSchedule } from "./review-schedule.js";
import { createAgendaSchedule } from "./agenda.js";
import * as m0021 from "./migrations/0021_governance.js";
import { governancePersonalData } from "./personal-data.js";
import { createGovernanceReads, type GovernanceReads } from "./reads.js";
import "./schema.js";

export type { GovernanceReads };

declare module "../services.js" {
  interface FeatureServices {
    /** Risks, change requests, decisions and the weekly meeting. */
    governance: GovernanceFlows;
  }
}

/** Governance: the risk register, change control, decisions awaiting someone, the weekly project meeting. */
export const governanceFeature = defineFeature({
  name: "governance",
  tables: ["governance_counters", "risks", "risk_events", "change_requests", "governance_tasks", "meeting_settings", "meetings", "meeting_items", "meeting_attendance"],
  migrations: { "0021_governance": m0021 },
  locales: governanceLocales,
  commands: [riskList, riskShow, riskAdd, riskUpdate, riskReview, riskClose, riskEscalate, riskDecide, riskTask, changeList, changeShow, changeRequest, changeReview, changeDecide, changeTask, decisionList, meetingSetup, meetingAction, meetingDecision, meetingNotes, meetingAttend],
  build({ db, core, reads }) {
    const raci = reads.get<RaciReads>("raci");
    const calendars = reads.get<CalendarFlows>("calendar");
    const flows = createGovernance({ db, core, calendars, tasks: raci.tasks });
    return {
      services: flows,
      read: createGovernanceReads(db, flows.risks.unreviewedAmong),
      personalData: governancePersonalData(db),
      conversations: [flows.reasonConversation],
      schedules: [createReviewSchedule({ db, core, calendars }), createAgendaSchedule({ db, core, calendars, tasks: raci.tasks, unreviewedAmong: flows.risks.unreviewedAmong })],
      decisions: governanceDecisions(db, core),
    };
  },
});
