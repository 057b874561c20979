import cn from "../../calendars/cn.json" with { type: "json" };
import de from "../../calendars/de.json" with { type: "json" };
import us from "../../calendars/us.json" with { type: "json" };
import { formatCalendarError, parseCalendarFile, type CalendarFile } from "./calendar-file.js";

/** The calendar for a region nobody described: Saturday and Sunday off, no holidays. */
export const WEEKENDS_ONLY: CalendarFile = { id: "weekends", name: "Weekends only / 仅周末", weekend: [6, 0], years: {} };

function parsed(json: unknown): CalendarFile {
  const result = parseCalendarFile(json);
  if (!result.ok) throw new Error(`a bundled calendar is invalid: ${result.errors.map(formatCalendarError).join("; ")}`);
  return result.calendar;
}

/** The calendars shipped in calendars/*.json, by id; a tenant's `calendar import` replaces one for that tenant. */
export const BUNDLED_CALENDARS: ReadonlyMap<string, CalendarFile> = new Map(
  [parsed(cn), parsed(de), parsed(us), WEEKENDS_ONLY].map((calendar) => [calendar.id, calendar] as const),
);
