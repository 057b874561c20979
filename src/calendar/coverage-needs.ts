import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { defaultCalendarFor } from "../teams/service.js";
import type { CalendarFile } from "./calendar-file.js";
import { coversYear } from "./coverage.js";
import type { CalendarSource, UncoveredYear } from "./service.js";
import { localParts } from "./zones.js";

/** Why a year of a calendar is needed: it is this year, next year is under two months away, a go-live falls in it, or a schedule reached it. */
export type NeedReason = { kind: "this_year" } | { kind: "next_year" } | { kind: "go_live"; project: string; date: string } | { kind: "schedule" };

/** A year a tenant's calendar is needed for but has no data for: it counts as weekends only until someone imports it. */
export interface CoverageGap {
  tenantId: number;
  calendar: CalendarFile;
  year: string;
  reason: NeedReason;
}

/** From this month on (November), next year's schedule is needed: the official one comes out in November or December. */
const NEXT_YEAR_FROM_MONTH = 11;

/** The most concrete reason is the one told: a go-live, then a schedule that got there, then the time of year. */
const PRIORITY: Record<NeedReason["kind"], number> = { this_year: 0, next_year: 1, schedule: 2, go_live: 3 };

interface ProjectCalendarRow {
  tenant_id: number;
  tenant_timezone: string;
  project: string | null;
  project_timezone: string | null;
  go_live_date: string | null;
  calendar: string | null;
}

/**
 * The years each tenant's calendars (its teams', else its projects' and its own by time zone) need and lack: this year,
 * next year from November on, the year of each coming go-live, and the years working-day computations reached
 * (`seen`). Calendars that are weekends only by design never lack a year.
 */
export async function findCoverageGaps(
  deps: { db: Database; calendar: (tenantId: number, id: string) => Promise<{ calendar: CalendarFile; source: CalendarSource }> },
  now: Date,
  options: { tenantId?: number; seen?: readonly UncoveredYear[] } = {},
): Promise<CoverageGap[]> {
  const tenantFilter = options.tenantId === undefined ? sql`true` : sql`tn.id = ${options.tenantId}`;
  const rows = await sql<ProjectCalendarRow>`
    select tn.id as tenant_id, tn.timezone as tenant_timezone, p.name as project, p.timezone as project_timezone,
           p.go_live_date::text as go_live_date, t.calendar
    from tenants tn
    left join projects p on p.tenant_id = tn.id
    left join teams t on t.project_id = p.id
    where ${tenantFilter}`.execute(deps.db);
  const needs = new Map<string, { tenantId: number; calendarId: string; year: string; reason: NeedReason }>();
  const need = (tenantId: number, calendarId: string, year: string, reason: NeedReason) => {
    const key = `${tenantId}|${calendarId}|${year}`;
    const known = needs.get(key)?.reason.kind;
    if (known === undefined || PRIORITY[reason.kind] > PRIORITY[known]) needs.set(key, { tenantId, calendarId, year, reason });
  };
  const thisYear = new Map<number, number>();
  for (const r of rows.rows) {
    const today = localParts(now, r.tenant_timezone).date;
    const year = Number(today.slice(0, 4));
    thisYear.set(r.tenant_id, year);
    const calendarIds = [r.calendar ?? defaultCalendarFor(r.project_timezone ?? r.tenant_timezone), defaultCalendarFor(r.tenant_timezone)];
    for (const id of calendarIds) {
      need(r.tenant_id, id, String(year), { kind: "this_year" });
      if (Number(today.slice(5, 7)) >= NEXT_YEAR_FROM_MONTH) need(r.tenant_id, id, String(year + 1), { kind: "next_year" });
    }
    const goLive = r.go_live_date?.slice(0, 10);
    if (goLive && r.project && goLive >= today) need(r.tenant_id, calendarIds[0]!, goLive.slice(0, 4), { kind: "go_live", project: r.project, date: goLive });
  }
  for (const seen of options.seen ?? []) {
    const year = thisYear.get(seen.tenantId);
    if (year !== undefined && Number(seen.year) >= year) need(seen.tenantId, seen.calendarId, seen.year, { kind: "schedule" });
  }
  const gaps: CoverageGap[] = [];
  // Each calendar is looked up once, however many years of it are needed (this year and next, a go-live's), and
  // all of them side by side rather than one round trip after another.
  const wanted = new Map<string, { tenantId: number; calendarId: string }>();
  for (const n of needs.values()) wanted.set(`${n.tenantId}|${n.calendarId}`, n);
  const found = await Promise.all([...wanted.values()].map((w) => deps.calendar(w.tenantId, w.calendarId)));
  const looked = new Map([...wanted.keys()].map((key, i) => [key, found[i]!] as const));
  for (const n of needs.values()) {
    const { calendar, source } = looked.get(`${n.tenantId}|${n.calendarId}`)!;
    if (source !== "fallback" && !coversYear(calendar, n.year)) gaps.push({ tenantId: n.tenantId, calendar, year: n.year, reason: n.reason });
  }
  return gaps.sort((a, b) => a.tenantId - b.tenantId || a.calendar.id.localeCompare(b.calendar.id) || a.year.localeCompare(b.year));
}
