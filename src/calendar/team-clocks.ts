import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { resolvePersonSettings } from "../people/settings.js";

/**
 * One kind of clock found among a team's members: the person's own time zone and work start as stored (null: the
 * team's), with what they resolve to. A 10,000-person workspace has a few dozen kinds, so a tick can decide what is
 * due from them and then read only the people whose clock is due, instead of everyone.
 */
export interface TeamClockKind {
  teamId: number;
  own: { timezone: string | null; workStart: string | null };
  timeZone: string;
  workStart: string;
}

/** The query behind teamClockKinds (the fan-out bench EXPLAINs it). */
export function clockKindsQuery(teamIds: readonly number[]) {
  return sql<{ team_id: number; timezone: string | null; work_start: string | null; team_timezone: string; team_work_start: string; team_work_end: string; team_locale: string; tenant_timezone: string }>`
    select tm.team_id, p.timezone, p.work_start, t.timezone as team_timezone, t.work_start as team_work_start, t.work_end as team_work_end, t.locale as team_locale, tn.timezone as tenant_timezone
    from team_members tm
    join people p on p.id = tm.person_id
    join teams t on t.id = tm.team_id
    join tenants tn on tn.id = t.tenant_id
    where tm.team_id in (${sql.join([...new Set(teamIds)])})
    group by tm.team_id, p.timezone, p.work_start, t.timezone, t.work_start, t.work_end, t.locale, tn.timezone
    order by tm.team_id`;
}

/** The distinct clocks among the members of these teams, one grouped query. */
export async function teamClockKinds(db: Database, teamIds: readonly number[]): Promise<TeamClockKind[]> {
  if (teamIds.length === 0) return [];
  const { rows } = await clockKindsQuery(teamIds).execute(db);
  return rows.map((r) => {
    const own = resolvePersonSettings(
      { timezone: r.timezone, work_start: r.work_start, work_end: null, locale: null },
      { id: r.team_id, timezone: r.team_timezone, work_start: r.team_work_start, work_end: r.team_work_end, locale: r.team_locale },
      { timezone: r.tenant_timezone, locale: "en" },
    );
    return { teamId: r.team_id, own: { timezone: r.timezone, workStart: r.work_start }, timeZone: own.timeZone, workStart: own.workStart };
  });
}

/** A team member as the rules are built from: their own settings, their team's and their tenant's. */
export interface TeamMemberFacts {
  team_id: number;
  id: number;
  display_name: string;
  timezone: string | null;
  work_start: string | null;
  work_end: string | null;
  locale: string | null;
  tenant_id: number;
  team_timezone: string;
  team_locale: string;
  team_work_start: string;
  team_work_end: string;
  team_calendar: string;
  tenant_timezone: string;
  tenant_locale: string;
}

/** The query behind teamMembersWithClocks (the fan-out bench EXPLAINs it). */
export function membersWithClocksQuery(kinds: readonly Pick<TeamClockKind, "teamId" | "own">[]) {
  const wanted = JSON.stringify(kinds.map((k) => ({ team_id: k.teamId, timezone: k.own.timezone, work_start: k.own.workStart })));
  return sql<TeamMemberFacts>`
    select tm.team_id, p.id, p.display_name, p.timezone, p.work_start, p.work_end, p.locale,
           t.tenant_id, t.timezone as team_timezone, t.locale as team_locale, t.work_start as team_work_start, t.work_end as team_work_end,
           t.calendar as team_calendar, tn.timezone as tenant_timezone, tn.locale as tenant_locale
    from jsonb_to_recordset(${wanted}::jsonb) as c(team_id int, timezone text, work_start text)
    join team_members tm on tm.team_id = c.team_id
    join people p on p.id = tm.person_id and p.timezone is not distinct from c.timezone and p.work_start is not distinct from c.work_start
    join teams t on t.id = tm.team_id
    join tenants tn on tn.id = t.tenant_id
    order by tm.team_id, p.id`;
}

/** The members of the given teams whose own clock is one of `kinds`, with their team and tenant, in one query. */
export async function teamMembersWithClocks(db: Database, kinds: readonly Pick<TeamClockKind, "teamId" | "own">[]): Promise<TeamMemberFacts[]> {
  if (kinds.length === 0) return [];
  return (await membersWithClocksQuery(kinds).execute(db)).rows;
}
