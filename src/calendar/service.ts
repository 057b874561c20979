import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Locale } from "../core/i18n.js";
import type { Database } from "../db/database.js";
import type { LeaveRange, WorkHours } from "./working-time.js";
import { parseCalendarFile, type CalendarError, type CalendarFile } from "./calendar-file.js";
import { defaultCalendarFor } from "../teams/service.js";
import { BUNDLED_CALENDARS, WEEKENDS_ONLY } from "./bundled.js";
import { createLeaveStore } from "./leave.js";
import { watchCoverage } from "./coverage.js";
import { sql } from "kysely";
import { dueMemo } from "./zones.js";
import { DEFAULT_WORK_HOURS, resolvePersonSettings } from "../people/settings.js";
import { teamClockKinds, teamMembersWithClocks, type TeamClockKind } from "./team-clocks.js";
import { perMoment } from "../schedule/per-moment.js";

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
  /** The person's own work end, else their team's (`HH:MM`). */
  workEnd: string;
  /** The team the rules came from; null when the person is in no team. */
  teamId: number | null;
  /** The person's language: their own, else the team's, else the tenant's. */
  locale: Locale;
}

/** What `import` reports: the calendar that was stored, or every problem found (worded by import-problems.ts). */
export type CalendarImportResult =
  | { ok: true; calendar: CalendarFile; replaced: boolean }
  | { ok: false; reason: "invalid"; problems: CalendarError[] }
  | { ok: false; reason: "not_json" | "no_file" | "files_not_allowed" | "too_large" };

/** A calendar of a tenant that a computation needed a year of, which it has no data for. */
export interface UncoveredYear {
  tenantId: number;
  calendarId: string;
  year: string;
}

const MAX_FILE_BYTES = 1_000_000;
/** Distinct (tenant, calendar, year) gaps remembered between ticks; more are dropped until the next import or restart. */
const MAX_MISSES = 1000;

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
  work_end: string | null;
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
  const bundledCopies = new Map<string, CalendarFile>();
  const misses = new Map<string, UncoveredYear>();

  /** The tenant's own instance of a calendar, whose uncovered years are remembered for the coverage notices. */
  const watched = (tenantId: number, cal: CalendarFile): CalendarFile => {
    watchCoverage(cal, (year) => {
      const key = `${tenantId}|${cal.id}|${year}`;
      if (!misses.has(key) && misses.size < MAX_MISSES) misses.set(key, { tenantId, calendarId: cal.id, year });
    });
    return cal;
  };

  /** The calendar with this id for the tenant: imported, else built-in, else weekends only. */
  const calendar = async (tenantId: number, id: string): Promise<{ calendar: CalendarFile; source: CalendarSource }> => {
    const stamp = await db.selectFrom("calendars").select("updated_at").where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
    return calendarStamped(tenantId, id, stamp);
  };

  /** The calendar, given its row's `updated_at` as just read (none: not imported); the data is read only when it changed. */
  const calendarStamped = async (tenantId: number, id: string, stamp: { updated_at: Date } | undefined): Promise<{ calendar: CalendarFile; source: CalendarSource }> => {
    if (stamp) {
      const cacheKey = `${tenantId}:${id}`;
      const cached = cache.get(cacheKey);
      if (cached && cached.updatedAt === stamp.updated_at.getTime()) return { calendar: cached.calendar, source: "imported" };
      const row = await db.selectFrom("calendars").select(["data", "updated_at"]).where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
      const parsed = row ? parseCalendarFile(row.data) : null;
      if (row && parsed?.ok) {
        cache.set(cacheKey, { updatedAt: row.updated_at.getTime(), calendar: watched(tenantId, parsed.calendar) });
        return { calendar: parsed.calendar, source: "imported" };
      }
    }
    const bundled = BUNDLED_CALENDARS.get(id);
    if (!bundled || bundled === WEEKENDS_ONLY) return { calendar: WEEKENDS_ONLY, source: "fallback" };
    const copyKey = `${tenantId}:${id}`;
    let copy = bundledCopies.get(copyKey);
    if (!copy) bundledCopies.set(copyKey, (copy = watched(tenantId, { ...bundled })));
    return { calendar: copy, source: "built-in" };
  };

  /**
   * Many calendars at once, by `tenantId:id`: one query reads whether (and when) each was imported; only one whose
   * import changed since it was cached is read in full. The same answers as `calendar` for each.
   */
  const calendarsOf = async (wanted: readonly { tenantId: number; id: string }[]): Promise<Map<string, CalendarFile>> => {
    const out = new Map<string, CalendarFile>();
    if (wanted.length === 0) return out;
    const stamps = await db
      .selectFrom("calendars")
      .select(["tenant_id", "id", "updated_at"])
      .where((eb) => eb.or(wanted.map((w) => eb.and([eb("tenant_id", "=", w.tenantId), eb("id", "=", w.id)]))))
      .execute();
    const stampOf = new Map<string, { updated_at: Date }>(stamps.map((r) => [`${r.tenant_id}:${r.id}`, { updated_at: r.updated_at }] as const));
    for (const w of wanted) {
      const key = `${w.tenantId}:${w.id}`;
      out.set(key, (await calendarStamped(w.tenantId, w.id, stampOf.get(key))).calendar);
    }
    return out;
  };

  // The time zones and work starts anyone has, read once per tick moment for the schedules that ask (nags, reviews).
  const clocksInUse = perMoment(async () => {
    const { rows } = await sql<{ kind: "zone" | "start"; value: string }>`
      select 'zone' as kind, timezone as value from tenants union select 'zone', timezone from teams
      union select 'zone', timezone from people where timezone is not null
      union select 'start', work_start from teams union select 'start', work_start from people where work_start is not null`.execute(db);
    const zones = rows.filter((r) => r.kind === "zone").map((r) => r.value);
    const starts = [...new Set([DEFAULT_WORK_HOURS.start, ...rows.filter((r) => r.kind === "start").map((r) => r.value)])];
    return { zones, starts };
  });
  const tenantOf = (tenantId: number) => db.selectFrom("tenants").select(["timezone", "locale"]).where("id", "=", tenantId).executeTakeFirstOrThrow();

  /** The person's zone, hours and language by the one resolver (src/people/settings.ts), with their calendar and leave. */
  const rulesOf = (tenant: { timezone: string; locale: string }, person: PersonFacts, team: TeamFacts | undefined, cal: CalendarFile, leaveRanges: LeaveRange[]): PersonRules => {
    const { timeZone, workStart, workEnd, locale } = resolvePersonSettings(person, team, tenant);
    return { calendar: cal, leave: leaveRanges, timeZone, workStart, workEnd, teamId: team?.id ?? null, locale };
  };

  /** Validates and stores a calendar for the tenant, replacing one with the same id. */
  const importJson = async (tenantId: number, json: unknown, importedBy: number | null): Promise<CalendarImportResult> => {
    const parsed = parseCalendarFile(json);
    if (!parsed.ok) return { ok: false, reason: "invalid", problems: parsed.errors };
    const cal = parsed.calendar;
    const existing = await db.selectFrom("calendars").select("id").where("tenant_id", "=", tenantId).where("id", "=", cal.id).executeTakeFirst();
    const now = new Date();
    await db
      .insertInto("calendars")
      .values({ tenant_id: tenantId, id: cal.id, name: cal.name, data: JSON.stringify(cal), imported_by: importedBy, updated_at: now })
      .onConflict((oc) => oc.columns(["tenant_id", "id"]).doUpdateSet({ name: cal.name, data: JSON.stringify(cal), imported_by: importedBy, updated_at: now }))
      .execute();
    cache.delete(`${tenantId}:${cal.id}`);
    for (const [key, miss] of misses) if (miss.tenantId === tenantId && miss.calendarId === cal.id) misses.delete(key);
    return { ok: true, calendar: cal, replaced: existing !== undefined || BUNDLED_CALENDARS.has(cal.id) };
  };

  return {
    leave,
    calendar,

    /** Years that working-day computations of this process asked about and a calendar had no data for (coverage.ts). */
    uncoveredSeen(): UncoveredYear[] {
      return [...misses.values()];
    },

    /**
     * Whether anyone's work start can fall in the window: every time zone in use (tenants, teams, people) against
     * every work start in use (teams, people, the default). Two small queries; a tick where nobody's day starts
     * (most of them) stops here instead of loading everyone's rules.
     */
    async anyWorkStartIn(window: { from: Date; to: Date }): Promise<boolean> {
      const { zones, starts } = await clocksInUse(window.to);
      const due = dueMemo(window);
      return zones.some((zone) => starts.some((start) => due(start, zone).length > 0));
    },

    /** The distinct clocks (own time zone and work start, resolved) among the members of these teams: one grouped query. */
    clockKinds: (teamIds: readonly number[]): Promise<TeamClockKind[]> => teamClockKinds(db, teamIds),

    /**
     * `rulesForTeam` for the members of many teams at once, narrowed to those whose own clock is one of `kinds`
     * (a tick's due clocks): team id → person id → name and rules. One query for the people, one per tenant for
     * their leave, each calendar once — whatever the number of teams.
     */
    async rulesForTeamMembers(kinds: readonly Pick<TeamClockKind, "teamId" | "own">[]): Promise<Map<number, Map<number, { name: string; rules: PersonRules }>>> {
      const out = new Map<number, Map<number, { name: string; rules: PersonRules }>>();
      const rows = await teamMembersWithClocks(db, kinds);
      const peopleByTenant = new Map<number, number[]>();
      for (const r of rows) {
        const people = peopleByTenant.get(r.tenant_id);
        if (people) people.push(r.id);
        else peopleByTenant.set(r.tenant_id, [r.id]);
      }
      const leaveOf = new Map<number, Map<number, LeaveRange[]>>();
      const calendars = new Map<string, CalendarFile>();
      // The leave of each tenant's people and the calendars in use (one freshness query for all of them) side by side.
      await Promise.all([
        ...[...peopleByTenant].map(async ([tenantId, people]) => void leaveOf.set(tenantId, await leave.ofPeople(tenantId, [...new Set(people)]))),
        (async () => {
          const wanted = new Map(rows.map((r) => [`${r.tenant_id}:${r.team_calendar}`, { tenantId: r.tenant_id, id: r.team_calendar }] as const));
          for (const [key, cal] of await calendarsOf([...wanted.values()])) calendars.set(key, cal);
        })(),
      ]);
      for (const r of rows) {
        const cal = calendars.get(`${r.tenant_id}:${r.team_calendar}`)!;
        const team: TeamFacts = { id: r.team_id, timezone: r.team_timezone, locale: r.team_locale, work_start: r.team_work_start, work_end: r.team_work_end, calendar: r.team_calendar };
        const rules = rulesOf({ timezone: r.tenant_timezone, locale: r.tenant_locale }, r, team, cal, leaveOf.get(r.tenant_id)?.get(r.id) ?? []);
        let members = out.get(r.team_id);
        if (!members) out.set(r.team_id, (members = new Map()));
        members.set(r.id, { name: r.display_name, rules });
      }
      return out;
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
      const person = await db.selectFrom("people").select(["id", "timezone", "work_start", "work_end", "locale"]).where("tenant_id", "=", tenantId).where("id", "=", personId).executeTakeFirstOrThrow();
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
     * `rulesFor` for many people at once, with the same answer (each follows their first team, by lowest team id):
     * people and their first team in one query, their leave in one, each calendar once — a thousand people in
     * fifty teams cost three queries and the calendars, not fifty team loads.
     */
    async rulesForPeople(tenantId: number, personIds: readonly number[]): Promise<Map<number, PersonRules>> {
      const out = new Map<number, PersonRules>();
      const wanted = [...new Set(personIds)];
      if (wanted.length === 0) return out;
      const tenant = await tenantOf(tenantId);
      const calendars = new Map<string, CalendarFile>();
      for (let i = 0; i < wanted.length; i += 1000) {
        const chunk = wanted.slice(i, i + 1000);
        const rows = await sql<PersonFacts & { team_id: number | null; team_timezone: string | null; team_locale: string | null; team_work_start: string | null; team_work_end: string | null; team_calendar: string | null }>`
          select p.id, p.timezone, p.work_start, p.work_end, p.locale, t.id as team_id, t.timezone as team_timezone, t.locale as team_locale,
                 t.work_start as team_work_start, t.work_end as team_work_end, t.calendar as team_calendar
          from people p
          left join lateral (
            select teams.* from team_members tm join teams on teams.id = tm.team_id
            where tm.person_id = p.id and tm.tenant_id = ${tenantId} order by teams.id limit 1) t on true
          where p.tenant_id = ${tenantId} and p.id in (${sql.join(chunk)})`.execute(db);
        const leaveByPerson = await leave.ofPeople(tenantId, chunk);
        for (const r of rows.rows) {
          const team: TeamFacts | undefined =
            r.team_id === null ? undefined : { id: r.team_id, timezone: r.team_timezone!, locale: r.team_locale!, work_start: r.team_work_start!, work_end: r.team_work_end!, calendar: r.team_calendar! };
          const calendarId = team?.calendar ?? defaultCalendarFor(r.timezone ?? tenant.timezone);
          let cal = calendars.get(calendarId);
          if (!cal) calendars.set(calendarId, (cal = (await calendar(tenantId, calendarId)).calendar));
          out.set(r.id, rulesOf(tenant, { id: r.id, timezone: r.timezone, work_start: r.work_start, work_end: r.work_end, locale: r.locale }, team, cal, leaveByPerson.get(r.id) ?? []));
        }
      }
      return out;
    },

    /** `rulesFor` for every member of a team at once (one query each for people, leave and the calendar). */
    async rulesForTeam(tenantId: number, teamId: number): Promise<Map<number, PersonRules>> {
      const tenant = await tenantOf(tenantId);
      const team = await db.selectFrom("teams").select(["id", "timezone", "locale", "work_start", "work_end", "calendar"]).where("tenant_id", "=", tenantId).where("id", "=", teamId).executeTakeFirstOrThrow();
      const people = await db
        .selectFrom("team_members")
        .innerJoin("people", "people.id", "team_members.person_id")
        .select(["people.id", "people.timezone", "people.work_start", "people.work_end", "people.locale"])
        .where("team_members.team_id", "=", teamId)
        .execute();
      const { calendar: cal } = await calendar(tenantId, team.calendar);
      const leaveByPerson = await leave.ofPeople(tenantId, people.map((p) => p.id));
      return new Map(people.map((p) => [p.id, rulesOf(tenant, p, team, cal, leaveByPerson.get(p.id) ?? [])] as const));
    },
  };
}
