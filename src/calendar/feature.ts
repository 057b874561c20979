import { calendarPersonalData } from "./personal-data.js";
import { defineFeature } from "../feature/define.js";
import { calendarLocales } from "./locales/index.js";
import calendarImport from "./commands/calendar-import.js";
import calendarShow from "./commands/calendar-show.js";
import { coverageNotices } from "./coverage-schedule.js";
import { createCalendarFlows, type CalendarFlows } from "./flows.js";
import "./schema.js";
import { createCalendarService } from "./service.js";

declare module "../services.js" {
  interface FeatureServices {
    /** Working-day calendars, leave and per-person rules (`rulesFor`), plus `calendar import` / `calendar show`. */
    calendar: CalendarFlows;
  }
}

/** Working-day calendars (holidays, 调休 make-up workdays), leave, and each person's working hours and zone. */
export const calendarFeature = defineFeature({
  name: "calendar",
  tables: ["calendars", "leave_ranges"],
  locales: calendarLocales,
  commands: [calendarShow, calendarImport],
  build({ db, core }) {
    const calendars = createCalendarService(db);
    const { flows, paste } = createCalendarFlows({ db, calendars, conversations: core.conversations, clock: core.clock });
    return {
      services: flows,
      read: flows,
      conversations: [paste],
      personalData: calendarPersonalData(db),
      schedules: [coverageNotices({ db, core, calendars })],
    };
  },
});
