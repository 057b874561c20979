import type { CalendarFlows } from "../calendar/flows.js";
import { defineFeature } from "../feature/define.js";
import digestHistory from "./commands/digest-history.js";
import digestPreview from "./commands/digest-preview.js";
import digestRecipients from "./commands/digest-recipients.js";
import digestRevoke from "./commands/digest-revoke.js";
import digestSend from "./commands/digest-send.js";
import digestTime from "./commands/digest-time.js";
import projectStatus from "./commands/project-status.js";
import { createDigestFlows, type DigestFlows } from "./flows.js";
import { createLinkStore } from "./links.js";
import { digestLocales } from "./locales/index.js";
import * as m0024 from "./migrations/0024_digest.js";
import * as m0033 from "./migrations/0033_digest_task_indexes.js";
import { digestPersonalData } from "./personal-data.js";
import { reportRoute } from "./route.js";
import { createDigestSchedule } from "./schedule.js";
import { createDigestSettings } from "./settings.js";
import { createDigestStore } from "./store.js";
import "./schema.js";

declare module "../services.js" {
  interface FeatureServices {
    /** The weekly sponsor digest: preview, send, schedule, recipients, the PM's status word, history, report links. */
    digest: DigestFlows;
  }
}

/**
 * The weekly sponsor digest: one message a week per sponsor (a copy to the PM) saying whether the project is on
 * track, what they must decide and whether people use the CRM, with a chart and a signed link to a web report. It
 * reads every other feature through their read APIs and the decision board, and writes only its own tables.
 */
export const digestFeature = defineFeature({
  name: "digest",
  tables: ["digest_status", "digest_history", "digest_links"],
  migrations: { "0024_digest": m0024, "0033_digest_task_indexes": m0033 },
  locales: digestLocales,
  permissions: {
    "digest.read": ["sponsor", "pm", "admin"],
    "digest.manage": ["pm", "admin"],
  },
  commands: [digestPreview, digestSend, digestTime, digestRecipients, digestHistory, digestRevoke, projectStatus],
  build({ db, core, reads, logger, config }) {
    const calendars = reads.get<CalendarFlows>("calendar");
    const store = createDigestStore(db);
    const links = createLinkStore(db);
    const settings = createDigestSettings(core.projects);
    const flows = createDigestFlows({ db, core, reads, logger, store, links, settings, config, rulesOf: (tenantId, ids) => calendars.rulesForPeople(tenantId, ids) });
    const now = () => core.clock.now();
    return {
      services: flows,
      personalData: digestPersonalData(db),
      schedules: [createDigestSchedule({ db, logger, flows, store, projects: core.projects })],
      routes: [reportRoute({ secret: config.LINK_SECRET, links, logger, now, render: flows.reportHtml })],
    };
  },
});
