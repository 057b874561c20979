import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Boards and the digest's adoption figures at a million events: they read two rollups kept by statement triggers
 * (one set-based upsert per INSERT or DELETE statement, from its transition table) instead of the raw rows.
 * - adoption_day_points: points per project, project-local day and who earned them (a CRM user, mapped to a person
 *   when read, or a person for the bot's own points) — a month's board reads people × days rows, not every award.
 * - adoption_usage_weeks: per project, ISO week (its Monday) and CRM user, the event counts the metrics read —
 *   eight weeks for the digest are users × 8 rows.
 * The triggers live in the database, so no write path (ingest, kudos, participation, erasure, retention) can
 * forget them. Neither table is updated in place by the code (only inserted and deleted), so no UPDATE trigger.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("adoption_day_points")
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("day", "date", (c) => c.notNull())
    // '' for the bot's own points (they carry the person); a CRM user's points carry 0 as the person.
    .addColumn("crm_user", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.notNull())
    .addColumn("tenant_id", "integer", (c) => c.notNull())
    .addColumn("points", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("adoption_day_points_pk", ["project_id", "day", "crm_user", "person_id"])
    .execute();
  await db.schema
    .createTable("adoption_usage_weeks")
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("week", "date", (c) => c.notNull())
    .addColumn("crm_user", "text", (c) => c.notNull())
    .addColumn("tenant_id", "integer", (c) => c.notNull())
    .addColumn("events", "integer", (c) => c.notNull())
    .addColumn("created", "integer", (c) => c.notNull())
    .addColumn("complete", "integer", (c) => c.notNull())
    .addColumn("timed", "integer", (c) => c.notNull())
    .addColumn("on_time", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("adoption_usage_weeks_pk", ["project_id", "week", "crm_user"])
    .execute();

  // A DELETE's rows of a project being deleted are left alone: its rollup rows go with it (cascade).
  const live = (sign: 1 | -1) => (sign === -1 ? "where project_id in (select id from projects)" : "");
  // The counts of a set of events grouped by (project, week, CRM user); `sign` 1 adds them, -1 takes them away.
  // On time = logged within 24 h of `related_at` (ON_TIME_HOURS in rules.ts, as the metrics always counted it).
  const usage = (table: string, sign: 1 | -1) => `
    select project_id, date_trunc('week', day::timestamp)::date as week, crm_user, min(tenant_id) as tenant_id,
      ${sign} * count(*) as events,
      ${sign} * count(*) filter (where type = 'record_created') as created,
      ${sign} * count(*) filter (where type = 'record_created' and complete) as complete,
      ${sign} * count(*) filter (where type = 'activity_logged' and related_at is not null) as timed,
      ${sign} * count(*) filter (where type = 'activity_logged' and related_at is not null and occurred_at - related_at <= interval '24 hours') as on_time
    from ${table} ${live(sign)} group by 1, 2, 3 order by 1, 2, 3`;
  const upsertUsage = `insert into adoption_usage_weeks as w (project_id, week, crm_user, tenant_id, events, created, complete, timed, on_time)`;
  const addUsage = `on conflict (project_id, week, crm_user) do update set events = w.events + excluded.events, created = w.created + excluded.created,
      complete = w.complete + excluded.complete, timed = w.timed + excluded.timed, on_time = w.on_time + excluded.on_time`;
  const points = (table: string, sign: 1 | -1) => `
    select project_id, day, coalesce(crm_user, '') as crm_user, coalesce(person_id, 0) as person_id, min(tenant_id) as tenant_id, ${sign} * sum(points) as points
    from ${table} ${live(sign)} group by 1, 2, 3, 4 order by 1, 2, 3, 4`;
  const upsertPoints = `insert into adoption_day_points as d (project_id, day, crm_user, person_id, tenant_id, points)`;
  const addPoints = `on conflict (project_id, day, crm_user, person_id) do update set points = d.points + excluded.points`;

  await sql.raw(`create function adoption_usage_weeks_add() returns trigger language plpgsql as $$
    begin
      ${upsertUsage} ${usage("new_events", 1)} ${addUsage};
      return null;
    end $$`).execute(db);
  await sql.raw(`create function adoption_usage_weeks_remove() returns trigger language plpgsql as $$
    begin
      ${upsertUsage} ${usage("old_events", -1)} ${addUsage};
      delete from adoption_usage_weeks w using (select distinct project_id, date_trunc('week', day::timestamp)::date as week, crm_user from old_events) o
        where w.project_id = o.project_id and w.week = o.week and w.crm_user = o.crm_user and w.events <= 0;
      return null;
    end $$`).execute(db);
  await sql.raw(`create function adoption_day_points_add() returns trigger language plpgsql as $$
    begin
      ${upsertPoints} ${points("new_points", 1)} ${addPoints};
      return null;
    end $$`).execute(db);
  await sql.raw(`create function adoption_day_points_remove() returns trigger language plpgsql as $$
    begin
      ${upsertPoints} ${points("old_points", -1)} ${addPoints};
      return null;
    end $$`).execute(db);
  await sql`create trigger adoption_events_usage_add after insert on adoption_events referencing new table as new_events for each statement execute function adoption_usage_weeks_add()`.execute(db);
  await sql`create trigger adoption_events_usage_remove after delete on adoption_events referencing old table as old_events for each statement execute function adoption_usage_weeks_remove()`.execute(db);
  await sql`create trigger adoption_points_day_add after insert on adoption_points referencing new table as new_points for each statement execute function adoption_day_points_add()`.execute(db);
  await sql`create trigger adoption_points_day_remove after delete on adoption_points referencing old table as old_points for each statement execute function adoption_day_points_remove()`.execute(db);

  // What is there already.
  await sql.raw(`${upsertUsage} ${usage("adoption_events", 1)} ${addUsage}`).execute(db);
  await sql.raw(`${upsertPoints} ${points("adoption_points", 1)} ${addPoints}`).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop trigger if exists adoption_events_usage_add on adoption_events`.execute(db);
  await sql`drop trigger if exists adoption_events_usage_remove on adoption_events`.execute(db);
  await sql`drop trigger if exists adoption_points_day_add on adoption_points`.execute(db);
  await sql`drop trigger if exists adoption_points_day_remove on adoption_points`.execute(db);
  for (const fn of ["adoption_usage_weeks_add", "adoption_usage_weeks_remove", "adoption_day_points_add", "adoption_day_points_remove"]) await sql.raw(`drop function if exists ${fn}()`).execute(db);
  await db.schema.dropTable("adoption_day_points").ifExists().execute();
  await db.schema.dropTable("adoption_usage_weeks").ifExists().execute();
}
