import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { periodOf, type Period } from "./days.js";

export interface Score {
  personId: number;
  points: number;
}

/** The ISO week or calendar month the dates are exactly, if they are one (every board's and weekly post's are). */
function wholePeriod(from: string, to: string): Period | null {
  for (const period of ["week", "month"] as const) {
    const whole = periodOf(from, period);
    if (whole.from === from && whole.to === to) return period;
  }
  return null;
}

/** Points of mapped people (CRM points through their CRM users, the bot's own directly) between two local dates. */
export function createScores(db: Database) {
  // A whole week or month from the per-period rollup (migration 0034): people × object types rows; other dates from
  // the per-day rollup (migration 0030): people × days rows, not every award.
  const totals = async (projectId: number, from: string, to: string): Promise<Score[]> => {
    const period = wholePeriod(from, to);
    const rows = period
      ? await sql<{ person_id: number; points: number }>`
          select coalesce(nullif(r.person_id, 0), u.person_id) as person_id, sum(r.points)::int as points
          from adoption_period_points r
          left join adoption_users u on r.person_id = 0 and u.tenant_id = r.tenant_id and u.crm_user = r.crm_user
          where r.project_id = ${projectId} and r.period = ${period} and r.start = ${from} and coalesce(nullif(r.person_id, 0), u.person_id) is not null
          group by 1`.execute(db)
      : await sql<{ person_id: number; points: number }>`
          select coalesce(nullif(d.person_id, 0), u.person_id) as person_id, sum(d.points)::int as points
          from adoption_day_points d
          left join adoption_users u on d.person_id = 0 and u.tenant_id = d.tenant_id and u.crm_user = d.crm_user
          where d.project_id = ${projectId} and d.day between ${from} and ${to} and coalesce(nullif(d.person_id, 0), u.person_id) is not null
          group by 1`.execute(db);
    return rows.rows.map((r) => ({ personId: Number(r.person_id), points: Number(r.points) }));
  };
  return {
    totals,
    /** Points per person and CRM object type (a board per module: accounts, contacts, visits …). */
    async byObject(projectId: number, from: string, to: string): Promise<(Score & { object: string })[]> {
      const period = wholePeriod(from, to);
      // A whole week or month from the per-period rollup (migration 0034), other dates from the awards themselves.
      const rows = period
        ? await sql<{ person_id: number; object: string; points: number }>`
            select u.person_id, r.object, sum(r.points)::int as points
            from adoption_period_points r
            join adoption_users u on u.tenant_id = r.tenant_id and u.crm_user = r.crm_user and u.person_id is not null
            where r.project_id = ${projectId} and r.period = ${period} and r.start = ${from} and r.crm_user <> '' and r.object <> ''
            group by 1, 2`.execute(db)
        : await sql<{ person_id: number; object: string; points: number }>`
            select u.person_id, p.object, sum(p.points)::int as points
            from adoption_points p
            join adoption_users u on u.tenant_id = p.tenant_id and u.crm_user = p.crm_user and u.person_id is not null
            where p.project_id = ${projectId} and p.day between ${from} and ${to} and p.object is not null
            group by 1, 2`.execute(db);
      return rows.rows.map((r) => ({ personId: Number(r.person_id), object: r.object, points: Number(r.points) }));
    },
    /** One person's points by kind between two dates. */
    async breakdown(tenantId: number, projectId: number, personId: number, from: string, to: string): Promise<{ kind: string; points: number; count: number }[]> {
      const rows = await sql<{ kind: string; points: number; count: number }>`
        select case when p.kind = 'record_deleted' then 'record_created' else p.kind end as kind, sum(p.points)::int as points, count(*) filter (where p.points > 0)::int as count
        from adoption_points p
        where p.project_id = ${projectId} and p.day between ${from} and ${to}
          and (p.person_id = ${personId} or (p.person_id is null and p.crm_user in (select crm_user from adoption_users where tenant_id = ${tenantId} and person_id = ${personId})))
        group by 1 order by 2 desc, 1`.execute(db);
      return rows.rows.map((r) => ({ kind: r.kind, points: Number(r.points), count: Number(r.count) }));
    },
    /** First complete records (the bonus rows) earned between two dates, per person and object. */
    async firstRecords(tenantId: number, projectId: number, from: string, to: string): Promise<{ personId: number; object: string }[]> {
      const rows = await sql<{ person_id: number; object: string }>`
        select u.person_id, p.object from adoption_points p
        join adoption_users u on u.tenant_id = p.tenant_id and u.crm_user = p.crm_user and u.person_id is not null
        where p.project_id = ${projectId} and p.kind = 'first_record' and p.day between ${from} and ${to}
          and not exists (select 1 from adoption_points d where d.project_id = p.project_id and d.ref = 'd:' || p.ref)
        order by u.person_id, p.object`.execute(db);
      return rows.rows.map((r) => ({ personId: Number(r.person_id), object: r.object }));
    },
    /** People whose on-time visits reached `threshold` within the dates (they crossed it then). */
    async visitMilestones(tenantId: number, projectId: number, threshold: number, from: string, to: string): Promise<number[]> {
      const rows = await sql<{ person_id: number }>`
        select u.person_id from adoption_points p
        join adoption_users u on u.tenant_id = p.tenant_id and u.crm_user = p.crm_user and u.person_id is not null
        where p.project_id = ${projectId} and p.kind = 'activity_logged' and p.object = 'visit' and p.day <= ${to}
        group by u.person_id
        having count(*) >= ${threshold} and count(*) filter (where p.day < ${from}) < ${threshold}`.execute(db);
      return rows.rows.map((r) => Number(r.person_id));
    },
    async optedOut(tenantId: number): Promise<Set<number>> {
      const rows = await db.selectFrom("adoption_optouts").select("person_id").where("tenant_id", "=", tenantId).execute();
      return new Set(rows.map((r) => r.person_id));
    },
    async setOptOut(tenantId: number, personId: number, out: boolean): Promise<void> {
      if (out) await db.insertInto("adoption_optouts").values({ tenant_id: tenantId, person_id: personId }).onConflict((oc) => oc.doNothing()).execute();
      else await db.deleteFrom("adoption_optouts").where("tenant_id", "=", tenantId).where("person_id", "=", personId).execute();
    },
  };
}

export type Scores = ReturnType<typeof createScores>;
