import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { isLocale, type Locale } from "../core/i18n.js";
import type { Database } from "../db/database.js";
import type { LeaveRange, WorkHours } from "./working-time.js";
import { formatCalendarError, parseCalendarFile, type CalendarFile } from "./calendar-file.js";
import { defaultCalendarFor } from "../teams/service.js";
import { BUNDLED_CALENDARS, WEEKENDS_ONLY } from "./bundled.js";
import { createLeaveStore } from "./leave.js";

/** Where a calendar came from: the tenant's own import, the files shipped in calendars/, or the weekends-only fallback. */
export type CalendarSource = "imported" | "built-in" | "fallback";

/**
 * Everything the working-time functions of working-time.ts need for one person:
 * `isWorkingDay(date, rules)`, `nextWorkStart(now, rules)`, `isWithinWorkHours(now, rules)` take it as is.
 */
export interface PersonRules extends WorkHours {
  calendar: CalendarFile;
  leave: LeaveRange[];
  /** The person's own time zone, else their team's, else the tenant's. */
  timeZone: string;
  /** The person's own work start, else their team's (`HH:MM`). */
  workStart: string;
  /** Their team's work end (`HH:MM`). */
  workEnd: string;
  /** The team the rules came from; null when the person is in no team. */
  teamId: number | null;
  /** The person's language: their own, else the team's, else the tenant's. */
  locale: Locale;
}

/** What `import` reports: the calendar that was stored, or every problem found (`path: problem` lines). */
export type CalendarImportResult =
  | { ok: true; calendar: CalendarFile; replaced: boolean }
  | { ok: false; reason: "invalid"; problems: string[] }
  | { ok: false; reason: "not_json" | "no_file" | "files_not_allowed" | "too_large" };

const MAX_FILE_BYTES = 1_000_000;
const DEFAULT_HOURS = { workStart: "09:00", workEnd: "18:00" };

interface TeamFacts {
  id: number;
  timezone: string;
  locale: string;
  work_start: string;
  work_end: string;
  calendar: string;
}

interface PersonFacts {
  id: number;
  timezone: string | null;
  work_start: string | null;
  locale: string | null;
}

export type CalendarService = ReturnType<typeof createCalendarService>;

/**
 * Working-day calendars per tenant (imported ones replace the built-in file of the same id), personal leave,
 * and the per-person rules other features schedule by (stand-ups, RACI nags). Everything is read fresh or
 * checked against `updated_at`, so an import on one replica is seen by every other one at its next lookup.
 */
export function createCalendarService(db: Database) {
  const leave = createLeaveStore(db);
  const cache = new Map<string, { updatedAt: number; calendar: CalendarFile }>();

  /** The calendar with this id for the tenant: imported, else built-in, else weekends only. */
  const calendar = async (tenantId: number, id: string): Promise<{ calendar: CalendarFile; source: CalendarSource }> => {
    const stamp = await db.selectFrom("calendars").select("updated_at").where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
    if (stamp) {
      const cacheKey = `${tenantId}:${id}`;
      const cached = cache.get(cacheKey);
      if (cached && cached.updatedAt === stamp.updated_at.getTime()) return { calendar: cached.calendar, source: "imported" };
      const row = await db.selectFrom("calendars").select(["data", "updated_at"]).where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
      const parsed = row ? parseCalendarFile(row.data) : null;
      if (row && parsed?.ok) {
        cache.set(cacheKey, { updatedAt: row.updated_at.getTime(), calendar: parsed.calendar });
        return { calendar: parsed.calendar, source: "imported" };
      }
    }
    const bundled = BUNDLED_CALENDARS.get(id);
    return bundled ? { calendar: bundled, source: "built-in" } : { calendar: WEEKENDS_ONLY, source: "fallback" };
  };

  const tenantOf = (tenantId: number) => db.selectFrom("tenants").select(["timezone", "locale"]).where("id", "=", tenantId).executeTakeFirstOrThrow();

  const rulesOf = (tenant: { timezone: string; locale: string }, person: PersonFacts, team: TeamFacts | undefined, cal: CalendarFile, leaveRanges: LeaveRange[]): PersonRules => {
    const timeZone = person.timezone ?? team?.timezone ?? tenant.timezone;
    const locale = [person.locale, team?.locale, tenant.locale].find(isLocale) ?? "en";
    return {
      calendar: cal,
      leave: leaveRanges,
      timeZone,
      workStart: person.work_start ?? team?.work_start ?? DEFAULT_HOURS.workStart,
      workEnd: team?.work_end ?? DEFAULT_HOURS.workEnd,
      teamId: team?.id ?? null,
      locale,
    };
  };

  /** Validates and stores a calendar for the tenant, replacing one with the same id. */
  const importJson = async (tenantId: number, json: unknown, importedBy: number | null): Promise<CalendarImportResult> => {
    const parsed = parseCalendarFile(json);
    if (!parsed.ok) return { ok: false, reason: "invalid", problems: parsed.errors.map(formatCalendarError) };
    const cal = parsed.calendar;
    const existing = await db.selectFrom("calendars").select("id").where("tenant_id", "=", tenantId).where("id", "=", cal.id).executeTakeFirst();
    const now = new Date();
    await db
      .insertInto("calendars")
      .values({ tenant_id: tenantId, id: cal.id, name: cal.name, data: JSON.stringify(cal), imported_by: importedBy, updated_at: now })
      .onConflict((oc) => oc.columns(["tenant_id", "id"]).doUpdateSet({ name: cal.name, data: JSON.stringify(cal), imported_by: importedBy, updated_at: now }))
      .execute();
    cache.delete(`${tenantId}:${cal.id}`);
    return { ok: true, calendar: cal, replaced: existing !== undefined || BUNDLED_CALENDARS.has(cal.id) };
  };

  return {
    leave,
    calendar,

    /** Each team member's own clock — time zone and work start, else the team's — in one query (for a tick). */
    async clocksForTeam(teamId: number): Promise<Map<number, { name: string; timeZone: string; workStart: string }>> {
      const rows = await db
        .selectFrom("team_members")
        .innerJoin("people", "people.id", "team_members.person_id")
        .innerJoin("teams", "teams.id", "team_members.team_id")
        .select(["people.id", "people.display_name", "people.timezone", "people.work_start", "teams.timezone as team_timezone", "teams.work_start as team_work_start"])
        .where("team_members.team_id", "=", teamId)
        .execute();
      return new Map(rows.map((r) => [r.id, { name: r.display_name, timeZone: r.timezone ?? r.team_timezone, workStart: r.work_start ?? r.team_work_start }] as const));
    },

    /** Every calendar the tenant can use: its imported ones and the built-in ones they do not replace. */
    async list(tenantId: number): Promise<{ id: string; name: string; source: CalendarSource; years: string[] }[]> {
      const imported = await db.selectFrom("calendars").select(["id", "name", "data"]).where("tenant_id", "=", tenantId).orderBy("id").execute();
      const out = imported.map((r): { id: string; name: string; source: CalendarSource; years: string[] } => {
        const parsed = parseCalendarFile(r.data);
        return { id: r.id, name: r.name, source: "imported", years: parsed.ok ? Object.keys(parsed.calendar.years).sort() : [] };
      });
      for (const [id, cal] of BUNDLED_CALENDARS) {
        if (!out.some((c) => c.id === id)) out.push({ id, name: cal.name, source: id === WEEKENDS_ONLY.id ? "fallback" : "built-in", years: Object.keys(cal.years).sort() });
      }
      return out;
    },

    importJson,

    /**
     * Imports pasted JSON text, or — only where `allowFiles` (the console and the CLI, never a chat platform) —
     * the JSON file at a path relative to the working directory.
     */
    async importText(tenantId: number, source: string, options: { allowFiles: boolean; importedBy: number | null }): Promise<CalendarImportResult> {
      const text = source.trim();
      let content = text;
      if (!text.startsWith("{")) {
        if (!options.allowFiles) return { ok: false, reason: "files_not_allowed" };
        const path = resolve(process.cwd(), text);
        const info = await stat(path).catch(() => null);
        if (!info?.isFile()) return { ok: false, reason: "no_file" };
        if (info.size > MAX_FILE_BYTES) return { ok: false, reason: "too_large" };
        content = await readFile(path, "utf8");
      }
      if (content.length > MAX_FILE_BYTES) return { ok: false, reason: "too_large" };
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        return { ok: false, reason: "not_json" };
      }
      return importJson(tenantId, json, options.importedBy);
    },

    /**
     * The rules one person is scheduled by: their team's calendar (default: by the team's region) with their
     * leave, their own time zone and work start where set, else the team's (`teamId`, else their first team).
     * A person in no team follows the calendar of their own (or the tenant's) time zone, 09:00–18:00.
     */
    async rulesFor(tenantId: number, personId: number, options: { teamId?: number } = {}): Promise<PersonRules> {
      const tenant = await tenantOf(tenantId);
      const person = await db.selectFrom("people").select(["id", "timezone", "work_start", "locale"]).where("tenant_id", "=", tenantId).where("id", "=", personId).executeTakeFirstOrThrow();
      let teamQuery = db
        .selectFrom("team_members")
        .innerJoin("teams", "teams.id", "team_members.team_id")
        .select(["teams.id", "teams.timezone", "teams.locale", "teams.work_start", "teams.work_end", "teams.calendar"])
        .where("team_members.tenant_id", "=", tenantId)
        .where("team_members.person_id", "=", personId);
      if (options.teamId !== undefined) teamQuery = teamQuery.where("teams.id", "=", options.teamId);
      const team = await teamQuery.orderBy("teams.id").executeTakeFirst();
      const calendarId = team?.calendar ?? defaultCalendarFor(person.timezone ?? tenant.timezone);
      const { calendar: cal } = await calendar(tenantId, calendarId);
      return rulesOf(tenant, person, team, cal, await leave.of(tenantId, personId));
    },

    /**
     * `rulesFor` for every member of a team at once (one query each for people, leave and the calendar), or only
     * for `personIds` among them.
     */
    async rulesForTeam(tenantId: number, teamId: number, personIds?: readonly number[]): Promise<Map<number, PersonRules>> {
      if (personIds?.length === 0) return new Map();
      const tenant = await tenantOf(tenantId);
      const team = await db.selectFrom("teams").select(["id", "timezone", "locale", "work_start", "work_end", "calendar"]).where("tenant_id", "=", tenantId).where("id", "=", teamId).executeTakeFirstOrThrow();
      let query = db
        .selectFrom("team_members")
        .innerJoin("people", "people.id", "team_members.person_id")
        .select(["people.id", "people.timezone", "people.work_start", "people.locale"])
        .where("team_members.team_id", "=", teamId);
      if (personIds) query = query.where("people.id", "in", [...personIds]);
      const people = await query.execute();
      const { calendar: cal } = await calendar(tenantId, team.calendar);
      const leaveByPerson = await leave.ofPeople(tenantId, people.map((p) => p.id));
      return new Map(people.map((p) => [p.id, rulesOf(tenant, p, team, cal, leaveByPerson.get(p.id) ?? [])] as const));
    },
  };
}
