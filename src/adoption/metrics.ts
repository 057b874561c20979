import { sql } from "kysely";
import { addDays, weekOf } from "../core/dates.js";
import type { Database } from "../db/database.js";
import type { CoreServices } from "../services.js";
import { isoWeekLabel, localDay } from "./days.js";
import type { SettingsStore } from "./settings.js";

/** One ISO week of CRM adoption, for a project or one of its teams. Percentages are null when there is nothing to divide. */
export interface AdoptionWeek {
  /** `2026-W49`. */
  week: string;
  from: string;
  to: string;
  /** People (or CRM users not yet mapped) with at least one event that week. */
  activeUsers: number;
  /** The licensed count the admin set (project only; null for a team or when unset). */
  licensed: number | null;
  activePct: number | null;
  recordsCreated: number;
  /** Records created with every required field filled, of all records created. */
  completenessPct: number | null;
  /** Activities logged within 24 h of when they happened, of those that say when. */
  onTimePct: number | null;
}

export interface AdoptionTrend extends AdoptionWeek {
  /** The same figures the week before, to show the trend. */
  previous: AdoptionWeek;
}

/** What the sponsor digest reads of adoption: per project or team and ISO week, with an 8-week series. */
export interface AdoptionReads {
  week(tenantId: number, projectId: number, opts?: { teamId?: number; date?: string }): Promise<AdoptionTrend>;
  series(tenantId: number, projectId: number, opts?: { teamId?: number; date?: string; weeks?: number }): Promise<AdoptionWeek[]>;
  /** Every team of the project for one week. */
  teams(tenantId: number, projectId: number, opts?: { date?: string }): Promise<(AdoptionTrend & { teamId: number; teamName: string })[]>;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/** The Mondays from `from` to `to` (both Mondays). */
const mondays = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 7)) out.push(d);
  return out;
};

type WeekRow = { monday: string; active: number; created: number; complete: number; timed: number; on_time: number };

export function createAdoptionReads(deps: { db: Database; core: CoreServices; settings: SettingsStore }): AdoptionReads {
  const { db, core } = deps;

  // From the weekly rollup (migration 0030): users × weeks rows, not the weeks' events. Active = people, and CRM users
  // not mapped to anyone. A week's rows are one per CRM user, so its rows count its active users, less the extra CRM
  // users of a person who has several (rare): those few are read apart instead of joining every row to its person.
  const projectWeeks = async (tenantId: number, projectId: number, from: string, to: string): Promise<WeekRow[]> => {
    const [totals, sharing] = await Promise.all([
      sql<WeekRow>`
        select to_char(w.week, 'YYYY-MM-DD') as monday, count(*)::int as active,
          sum(w.created)::int as created, sum(w.complete)::int as complete, sum(w.timed)::int as timed, sum(w.on_time)::int as on_time
        from adoption_usage_weeks w
        where w.tenant_id = ${tenantId} and w.project_id = ${projectId} and w.week between ${from} and ${to} and w.events > 0
        group by w.week`.execute(db),
      // The CRM users of people who have several: usually none, so nothing more to read.
      sql<{ crm_user: string; person_id: number }>`
        select crm_user, person_id from adoption_users
        where tenant_id = ${tenantId} and person_id in (select person_id from adoption_users where tenant_id = ${tenantId} and person_id is not null group by person_id having count(*) > 1)`.execute(db),
    ]);
    const shared = sharing.rows.length === 0 ? [] : await extraUsers(tenantId, projectId, from, to, sharing.rows);
    const extra = new Map(shared.map((r) => [r.monday, Number(r.extra)]));
    return totals.rows.map((r) => ({ ...r, active: Number(r.active) - (extra.get(r.monday) ?? 0) }));
  };

  // Per week, the CRM users beyond the first of each person who has several (probed by week and CRM user).
  const extraUsers = async (tenantId: number, projectId: number, from: string, to: string, users: readonly { crm_user: string; person_id: number }[]) =>
    (
      await sql<{ monday: string; extra: number }>`
        select to_char(w.week, 'YYYY-MM-DD') as monday, (count(*) - count(distinct u.person_id))::int as extra
        from unnest(${users.map((u) => u.crm_user)}::text[], ${users.map((u) => u.person_id)}::int[]) as u(crm_user, person_id)
        join adoption_usage_weeks w on w.project_id = ${projectId} and w.week = any(${mondays(from, to)}::date[]) and w.crm_user = u.crm_user
        where w.tenant_id = ${tenantId} and w.events > 0
        group by w.week`.execute(db)
    ).rows;

  // A team's: its members' CRM users only (a few rows), each joined to its person.
  const teamWeeks = async (tenantId: number, projectId: number, from: string, to: string, members: readonly number[]): Promise<WeekRow[]> =>
    (
      await sql<WeekRow>`
        select to_char(w.week, 'YYYY-MM-DD') as monday,
          (count(distinct u.person_id) + count(distinct w.crm_user) filter (where u.person_id is null))::int as active,
          sum(w.created)::int as created, sum(w.complete)::int as complete, sum(w.timed)::int as timed, sum(w.on_time)::int as on_time
        from adoption_usage_weeks w
        left join adoption_users u on u.tenant_id = w.tenant_id and u.crm_user = w.crm_user
        where w.tenant_id = ${tenantId} and w.project_id = ${projectId} and w.week between ${from} and ${to} and w.events > 0
          and u.person_id in (${sql.join(members)})
        group by w.week`.execute(db)
    ).rows;

  const series: AdoptionReads["series"] = async (tenantId, projectId, opts = {}) => {
    const project = await core.projects.get(tenantId, projectId);
    if (!project) return [];
    const weeks = Math.max(1, Math.min(opts.weeks ?? 8, 53));
    const last = weekOf(opts.date ?? localDay(core.clock.now(), project.timezone));
    const first = addDays(last.from, -7 * (weeks - 1));
    const members = opts.teamId !== undefined ? (await core.teams.members(tenantId, opts.teamId)).map((m) => m.personId) : null;
    if (members && members.length === 0) members.push(-1);
    const [rows, licensed] = await Promise.all([
      members ? teamWeeks(tenantId, projectId, first, last.from, members) : projectWeeks(tenantId, projectId, first, last.from),
      members ? null : deps.settings.read(projectId).then((s) => s.licensed),
    ]);
    const byWeek = new Map(rows.map((r) => [r.monday, r]));
    return Array.from({ length: weeks }, (_, i) => {
      const from = addDays(first, 7 * i);
      const r = byWeek.get(from);
      const active = Number(r?.active ?? 0);
      const created = Number(r?.created ?? 0);
      return {
        week: isoWeekLabel(from),
        from,
        to: addDays(from, 6),
        activeUsers: active,
        licensed,
        activePct: licensed ? pct(active, licensed) : null,
        recordsCreated: created,
        completenessPct: pct(Number(r?.complete ?? 0), created),
        onTimePct: pct(Number(r?.on_time ?? 0), Number(r?.timed ?? 0)),
      };
    });
  };

  const week: AdoptionReads["week"] = async (tenantId, projectId, opts = {}) => {
    const two = await series(tenantId, projectId, { ...opts, weeks: 2 });
    const [previous, current] = two;
    if (!previous || !current) throw new Error(`no project ${projectId}`);
    return { ...current, previous };
  };

  return {
    series,
    week,
    async teams(tenantId, projectId, opts = {}) {
      const out = [];
      for (const team of await core.teams.list(tenantId, projectId)) out.push({ ...(await week(tenantId, projectId, { ...opts, teamId: team.id })), teamId: team.id, teamName: team.name });
      return out;
    },
  };
}
