import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { UsageEvent } from "./events.js";
import { FIRST_RECORD_BONUS, ON_TIME_HOURS, POINT_RULES, REVERSAL_HOURS } from "./rules.js";

export interface IngestTarget {
  tenantId: number;
  projectId: number;
  /** The project's zone: a day (caps, boards, weeks) is a project-local date. */
  timezone: string;
}

export interface IngestOutcome {
  received: number;
  /** Events not seen before (a replayed batch adds none, and no points). */
  added: number;
  duplicates: number;
}

const RULES_JSON = JSON.stringify(POINT_RULES);

/** The new deletions of a batch, as written (one array per column), for the 24 h reversal. */
interface Written {
  added: number;
  del_objects: string[] | null;
  del_records: string[] | null;
  del_at: string[] | null;
  del_days: string[] | null;
}

/**
 * Writes a batch and awards its points in one statement (arrays unnested, so 10,000 events are one statement of a
 * dozen parameters), then maps its CRM users and reverses the records it deletes — all set-based, in one transaction.
 * The rules read the rows the insert returns, never the stored events again, and look earlier awards up by key only
 * (`offset 0` keeps each lookup a per-row index probe: the planner may have no statistics, autovacuum being off or
 * behind, and must not hash a project's every award instead), so a batch costs the same at the millionth event as at
 * the first.
 */
export async function ingestEvents(db: Database, target: IngestTarget, events: readonly UsageEvent[]): Promise<IngestOutcome> {
  if (events.length === 0) return { received: 0, added: 0, duplicates: 0 };
  const { tenantId, projectId } = target;
  return db.transaction().execute(async (trx) => {
    // Caps and first-record bonuses count what earlier batches awarded: concurrent batches of a project take turns.
    await sql`select pg_advisory_xact_lock(hashtext(${`adoption:points:${projectId}`}))`.execute(trx);
    const written = (await writeAndAward(trx, target, events)).rows[0]!;
    if (written.added > 0) {
      await mapNewUsers(trx, tenantId, [...new Set(events.map((e) => e.user))]);
      if (written.del_objects) await reverseDeleted(trx, tenantId, projectId, written);
    }
    return { received: events.length, added: written.added, duplicates: events.length - written.added };
  });
}

/**
 * The rules, for the events the insert added: a complete record, update or activity earns its type's points once per
 * reference (a record id never twice), within the daily cap per CRM user and type; an activity logged more than 24 h
 * after it happened earns nothing; a person's first complete record of an object type earns a bonus once.
 */
function writeAndAward(trx: Database, target: IngestTarget, events: readonly UsageEvent[]) {
  const { tenantId, projectId, timezone } = target;
  const col = <T>(pick: (e: UsageEvent) => T) => events.map(pick);
  return sql<Written>`
    with ins as (
      insert into adoption_events (tenant_id, event_id, project_id, occurred_at, crm_user, type, object, record_id, complete, related_at, day)
      select ${tenantId}, u.id, ${projectId}, u.at, u.usr, u.type, u.object, u.record_id, u.complete, u.related_at, (u.at at time zone ${timezone})::date
      from unnest(${col((e) => e.id)}::text[], ${col((e) => e.occurredAt.toISOString())}::timestamptz[], ${col((e) => e.user)}::text[],
        ${col((e) => e.type)}::text[], ${col((e) => e.object)}::text[], ${col((e) => e.recordId)}::text[], ${col((e) => e.complete)}::boolean[],
        ${col((e) => e.relatedAt?.toISOString() ?? null)}::timestamptz[]) as u(id, at, usr, type, object, record_id, complete, related_at)
      on conflict do nothing
      returning event_id, occurred_at, crm_user, type, object, record_id, complete, related_at, day
    ),
    rules as (select * from jsonb_to_recordset(${RULES_JSON}::jsonb) as r(type text, object text, points int, cap int)),
    fresh as (
      select e.*, case
          when e.type = 'record_created' then 'c:' || e.object || ':' || e.record_id
          when e.type = 'record_updated' then 'u:' || e.object || ':' || e.record_id || ':' || e.day
          when e.type = 'activity_logged' and e.record_id is not null then 'a:' || coalesce(e.object, '') || ':' || e.record_id
          else 'e:' || e.event_id end as ref
      from ins e
      where e.type in ('record_created', 'record_updated', 'activity_logged', 'report_generated') and e.complete
        and (e.type <> 'activity_logged' or e.related_at is null or e.occurred_at - e.related_at <= make_interval(hours => ${ON_TIME_HOURS}))
    ),
    once as (select distinct on (ref) * from fresh order by ref, occurred_at, event_id),
    priced as (
      select o.*, coalesce(exact.points, any_object.points) as points, coalesce(exact.cap, any_object.cap) as cap
      from once o
      left join rules exact on exact.type = o.type and exact.object = o.object
      left join rules any_object on any_object.type = o.type and any_object.object = '*'
      where not exists (select 1 from adoption_points p where p.project_id = ${projectId} and p.ref = o.ref offset 0)
    ),
    ranked as (
      select pr.*, row_number() over (partition by pr.crm_user, pr.type, pr.day order by pr.occurred_at, pr.ref) as n,
        (select count(*) from adoption_points p where p.project_id = ${projectId} and p.crm_user = pr.crm_user and p.kind = pr.type and p.day = pr.day and p.points > 0) as used
      from priced pr where pr.points > 0
    ),
    awarded as (
      insert into adoption_points (tenant_id, project_id, crm_user, kind, object, ref, source, points, at, day)
      select ${tenantId}, ${projectId}, crm_user, type, object, ref, case when type = 'record_created' then ref end, points, occurred_at, day
      from ranked where cap = 0 or n + used <= cap
      on conflict do nothing
      returning crm_user, kind, object, ref, at, day
    ),
    bonus as (
      insert into adoption_points (tenant_id, project_id, crm_user, kind, object, ref, source, points, at, day)
      select distinct on (a.crm_user, a.object) ${tenantId}, ${projectId}, a.crm_user, 'first_record', a.object, 'f:' || a.crm_user || ':' || a.object, a.ref, ${FIRST_RECORD_BONUS}, a.at, a.day
      from awarded a
      where a.kind = 'record_created' and not exists (select 1 from adoption_points f where f.project_id = ${projectId} and f.ref = 'f:' || a.crm_user || ':' || a.object offset 0)
      order by a.crm_user, a.object, a.at
      on conflict do nothing
      returning 1
    )
    select count(*)::int as added,
      array_agg(object) filter (where type = 'record_deleted') as del_objects,
      array_agg(record_id) filter (where type = 'record_deleted') as del_records,
      array_agg(occurred_at::text) filter (where type = 'record_deleted') as del_at,
      array_agg(day::text) filter (where type = 'record_deleted') as del_days
    from ins`.execute(trx);
}

/** Users seen for the first time: matched to a person by e-mail (any case) or mobile, else kept unmapped. */
async function mapNewUsers(trx: Database, tenantId: number, users: string[]): Promise<void> {
  await sql`
    insert into adoption_users (tenant_id, crm_user, person_id, mapped_by)
    select ${tenantId}, u, p.id, case when p.id is null then 'none' else 'auto' end
    from (select u from unnest(${users}::text[]) as u
          where not exists (select 1 from adoption_users known where known.tenant_id = ${tenantId} and known.crm_user = u)) as unseen
    left join lateral (select id from people where tenant_id = ${tenantId} and (lower(email) = lower(u) or mobile = u) order by id limit 1) p on true
    on conflict do nothing`.execute(trx);
}

/**
 * A deletion within 24 h of the record's creation reverses the record's points and its first-record bonus (the
 * award `c:…` and the bonus `f:…` it is the source of, found by their refs). Its own statement, so that it sees the
 * awards of the same batch. Each deletion looks its record up by key (the lateral subqueries are not flattened), so
 * the planner, which has no statistics on a table autovacuum has not analysed yet, cannot choose to hash the project's
 * every award instead.
 */
async function reverseDeleted(trx: Database, tenantId: number, projectId: number, d: Written): Promise<void> {
  await sql`
    insert into adoption_points (tenant_id, project_id, crm_user, person_id, kind, object, ref, source, points, at, day)
    select distinct on (p.ref) ${tenantId}, ${projectId}, p.crm_user, p.person_id, 'record_deleted', p.object, 'd:' || p.ref, p.source, -p.points, e.at, e.day
    from unnest(${d.del_objects}::text[], ${d.del_records}::text[], ${d.del_at}::timestamptz[], ${d.del_days}::date[]) as e(object, record_id, at, day)
    cross join lateral (
      select c.ref, c.crm_user, c.object from adoption_points c
      where c.project_id = ${projectId} and c.ref = 'c:' || e.object || ':' || e.record_id
        and e.at >= c.at and e.at - c.at <= make_interval(hours => ${REVERSAL_HOURS})
      offset 0) c
    cross join lateral (
      select p.* from adoption_points p
      where p.project_id = ${projectId} and p.ref in (c.ref, 'f:' || c.crm_user || ':' || c.object) and p.source = c.ref and p.points > 0
      offset 0) p
    order by p.ref, e.at
    on conflict do nothing`.execute(trx);
}
