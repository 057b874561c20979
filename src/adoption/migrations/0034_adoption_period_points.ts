import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Every board reads a whole ISO week or calendar month. adoption_period_points keeps, per project, period (its first
 * day), earner and CRM object type, the points and how many awards make them — kept like migration 0030's rollups,
 * by statement triggers on adoption_points (one set-based upsert per INSERT or DELETE statement). A month's board,
 * per person or per module, reads people × object types rows instead of people × days (or every award).
 * `awards` says whether anything is left: a row goes when its last award does, so a module with points that cancel
 * out (a record created and deleted) still shows, and one whose awards were erased does not — as from the raw rows.
 * Also: an index for the task completions still to settle, which every board looks at.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("adoption_period_points")
    .addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    // 'week' (from its Monday) or 'month' (from its first day), in the project's days.
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("start", "date", (c) => c.notNull())
    // As in adoption_day_points: '' and the person for the bot's own points, the CRM user and 0 for CRM points.
    .addColumn("crm_user", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.notNull())
    // '' when the award is for no object (kudos, stand-ups, logins …).
    .addColumn("object", "text", (c) => c.notNull())
    .addColumn("tenant_id", "integer", (c) => c.notNull())
    .addColumn("points", "integer", (c) => c.notNull())
    .addColumn("awards", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("adoption_period_points_pk", ["project_id", "period", "start", "crm_user", "person_id", "object"])
    .execute();

  // A DELETE's rows of a project being deleted are left alone: its rollup rows go with it (cascade).
  const live = (sign: 1 | -1) => (sign === -1 ? "where n.project_id in (select id from projects)" : "");
  const periods = `cross join lateral (values ('week', date_trunc('week', n.day::timestamp)::date), ('month', date_trunc('month', n.day::timestamp)::date)) as p(period, start)`;
  const grouped = (table: string, sign: 1 | -1) => `
    select n.project_id, p.period, p.start, coalesce(n.crm_user, '') as crm_user, coalesce(n.person_id, 0) as person_id, coalesce(n.object, '') as object,
      min(n.tenant_id) as tenant_id, ${sign} * sum(n.points) as points, ${sign} * count(*) as awards
    from ${table} n ${periods} ${live(sign)} group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`;
  const upsert = `insert into adoption_period_points as r (project_id, period, start, crm_user, person_id, object, tenant_id, points, awards)`;
  const add = `on conflict (project_id, period, start, crm_user, person_id, object) do update set points = r.points + excluded.points, awards = r.awards + excluded.awards`;

  await sql.raw(`create function adoption_period_points_add() returns trigger language plpgsql as $$
    begin
      ${upsert} ${grouped("new_points", 1)} ${add};
      return null;
    end $$`).execute(db);
  await sql.raw(`create function adoption_period_points_remove() returns trigger language plpgsql as $$
    begin
      ${upsert} ${grouped("old_points", -1)} ${add};
      delete from adoption_period_points r
        using (select distinct n.project_id, p.period, p.start, coalesce(n.crm_user, '') as crm_user, coalesce(n.person_id, 0) as person_id, coalesce(n.object, '') as object
               from old_points n ${periods}) o
        where r.project_id = o.project_id and r.period = o.period and r.start = o.start and r.crm_user = o.crm_user
          and r.person_id = o.person_id and r.object = o.object and r.awards <= 0;
      return null;
    end $$`).execute(db);
  await sql`create trigger adoption_points_period_add after insert on adoption_points referencing new table as new_points for each statement execute function adoption_period_points_add()`.execute(db);
  await sql`create trigger adoption_points_period_remove after delete on adoption_points referencing old table as old_points for each statement execute function adoption_period_points_remove()`.execute(db);

  // What is there already.
  await sql.raw(`${upsert} ${grouped("adoption_points", 1)} ${add}`).execute(db);

  await sql`create index if not exists adoption_task_done_unsettled on adoption_task_done (project_id) where not settled`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists adoption_task_done_unsettled`.execute(db);
  await sql`drop trigger if exists adoption_points_period_add on adoption_points`.execute(db);
  await sql`drop trigger if exists adoption_points_period_remove on adoption_points`.execute(db);
  for (const fn of ["adoption_period_points_add", "adoption_period_points_remove"]) await sql.raw(`drop function if exists ${fn}()`).execute(db);
  await db.schema.dropTable("adoption_period_points").ifExists().execute();
}
