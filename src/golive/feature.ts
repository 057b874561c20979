import "./i18n.js";
import { defineFeature } from "../feature/define.js";
import type { RaciReads } from "../raci/feature.js";
import goliveApprovers from "./commands/golive-approvers.js";
import goliveChecklist from "./commands/golive-checklist.js";
import goliveDecide from "./commands/golive-decide.js";
import goliveEvidence from "./commands/golive-evidence.js";
import goliveGateAdd from "./commands/golive-gate-add.js";
import goliveOverride from "./commands/golive-override.js";
import goliveTemplate from "./commands/golive-template.js";
import goliveVote from "./commands/golive-vote.js";
import warroomOpen from "./commands/warroom-open.js";
import warroomStatus from "./commands/warroom-status.js";
import warroomRole from "./commands/warroom-role.js";
import warroomUpdate from "./commands/warroom-update.js";
import warroomCadence from "./commands/warroom-cadence.js";
import warroomIssue from "./commands/warroom-issue.js";
import warroomTriage from "./commands/warroom-triage.js";
import warroomResolve from "./commands/warroom-resolve.js";
import warroomIssues from "./commands/warroom-issues.js";
import replyIssue from "./commands/reply-issue.js";
import replyLog from "./commands/reply-log.js";
import rollbackPlan from "./commands/rollback-plan.js";
import rollbackPropose from "./commands/rollback-propose.js";
import rollbackDecide from "./commands/rollback-decide.js";
import warroomNotify from "./commands/warroom-notify.js";
import warroomTemplate from "./commands/warroom-template.js";
import warroomTimeline from "./commands/warroom-timeline.js";
import warroomHypercare from "./commands/warroom-hypercare.js";
import warroomClose from "./commands/warroom-close.js";
import warroomRemind from "./commands/warroom-remind.js";
import rollbackChecklist from "./commands/rollback-checklist.js";
import { createGoliveFlows, type GoliveFlows } from "./flows.js";
import { warroomHooks } from "./hooks.js";
import { goliveLocales } from "./locales/index.js";
import * as m0019 from "./migrations/0019_golive.js";
import * as m0026 from "./migrations/0026_golive_cadence.js";
import { hypercareSummaries } from "./hypercare.js";
import { warroomPages } from "./pages.js";
import { golivePersonalData } from "./personal-data.js";
import { createGoliveReads, type GoliveReads } from "./reads.js";
import "./schema.js";

export type { GoliveDigest, GoliveReads } from "./reads.js";

declare module "../services.js" {
  interface FeatureServices {
    /** Go-live: readiness gates, go/no-go, the war room, rollback and hypercare. */
    golive: GoliveFlows;
  }
}

/** Go-live: the readiness checklist (gate items are RACI tasks), go/no-go, the war room, rollback, hypercare. */
export const goliveFeature = defineFeature({
  name: "golive",
  tables: ["golive_gates", "golive_approvers", "golive_rounds", "golive_votes", "warrooms", "warroom_roles", "warroom_issues", "warroom_events", "rollback_plans", "rollback_deciders", "rollback_proposals", "rollback_steps"],
  migrations: { "0019_golive": m0019, "0026_golive_cadence": m0026 },
  locales: goliveLocales,
  permissions: {
    "golive.prepare": ["pm", "admin"],
    "golive.override": ["sponsor"],
  },
  commands: [goliveChecklist, goliveTemplate, goliveGateAdd, goliveEvidence, goliveApprovers, goliveDecide, goliveVote, goliveOverride, warroomOpen, warroomStatus, warroomRole, warroomUpdate, warroomCadence, warroomRemind, warroomIssue, warroomTriage, warroomResolve, warroomIssues, replyIssue, replyLog, rollbackPlan, rollbackPropose, rollbackDecide, rollbackChecklist, warroomNotify, warroomTemplate, warroomTimeline, warroomHypercare, warroomClose],
  build({ db, core, reads }) {
    const deps = { db, core, tasks: reads.get<RaciReads>("raci").tasks };
    const flows = createGoliveFlows(deps);
    const read: GoliveReads = createGoliveReads(deps, flows.gates, flows.goNoGo);
    return { services: flows, read, personalData: golivePersonalData(db), decisions: flows.decisions, hooks: warroomHooks(deps, flows.issues), schedules: [warroomPages(deps), hypercareSummaries(deps)] };
  },
});
