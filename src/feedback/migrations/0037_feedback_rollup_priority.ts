import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The feedback rollup counts by priority too, so the sponsor digest reads open items by priority and type from the
 * rollup's few hundred rows instead of counting the project's open items (tens of thousands at 100,000 items). The
 * rollup is rebuilt from the items, and the trigger follows a priority change as it follows a status change.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table feedback_rollup drop constraint feedback_rollup_pk`.execute(db);
  await sql`alter table feedback_rollup add column priority text not null default 'normal'`.execute(db);
  await sql`delete from feedback_rollup`.execute(db);
  await sql`insert into feedback_rollup (project_id, type, module, status, late, priority, n)
    select project_id, coalesce(type, ''), coalesce(module, ''), status, triaged_late, priority, count(*)::int from feedback_items
    group by project_id, coalesce(type, ''), coalesce(module, ''), status, triaged_late, priority`.execute(db);
  await sql`alter table feedback_rollup add constraint feedback_rollup_pk primary key (project_id, type, module, status, late, priority)`.execute(db);
  await sql`create or replace function feedback_rollup_count() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update feedback_rollup set n = n - 1 where project_id = old.project_id and type = coalesce(old.type, '') and module = coalesce(old.module, '') and status = old.status and late = old.triaged_late and priority = old.priority;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into feedback_rollup as r (project_id, type, module, status, late, priority, n) values (new.project_id, coalesce(new.type, ''), coalesce(new.module, ''), new.status, new.triaged_late, new.priority, 1)
        on conflict (project_id, type, module, status, late, priority) do update set n = r.n + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`drop trigger feedback_items_rollup on feedback_items`.execute(db);
  await sql`create trigger feedback_items_rollup after insert or delete or update of type, module, status, triaged_late, priority on feedback_items for each row execute function feedback_rollup_count()`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop trigger feedback_items_rollup on feedback_items`.execute(db);
  await sql`create or replace function feedback_rollup_count() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update feedback_rollup set n = n - 1 where project_id = old.project_id and type = coalesce(old.type, '') and module = coalesce(old.module, '') and status = old.status and late = old.triaged_late;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into feedback_rollup as r (project_id, type, module, status, late, n) values (new.project_id, coalesce(new.type, ''), coalesce(new.module, ''), new.status, new.triaged_late, 1)
        on conflict (project_id, type, module, status, late) do update set n = r.n + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`alter table feedback_rollup drop constraint feedback_rollup_pk`.execute(db);
  await sql`delete from feedback_rollup`.execute(db);
  await sql`alter table feedback_rollup drop column priority`.execute(db);
  await sql`insert into feedback_rollup (project_id, type, module, status, late, n)
    select project_id, coalesce(type, ''), coalesce(module, ''), status, triaged_late, count(*)::int from feedback_items
    group by project_id, coalesce(type, ''), coalesce(module, ''), status, triaged_late`.execute(db);
  await sql`alter table feedback_rollup add constraint feedback_rollup_pk primary key (project_id, type, module, status, late)`.execute(db);
  await sql`create trigger feedback_items_rollup after insert or delete or update of type, module, status, triaged_late on feedback_items for each row execute function feedback_rollup_count()`.execute(db);
}
