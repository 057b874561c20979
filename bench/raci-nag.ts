import { sql } from "kysely";
import { createInlineQueue } from "../jobs/inline.js";
import { createCalendarService } from "../src/calendar/service.js";
import { openDatabase } from "../src/db/database.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { createLogger } from "../src/logger.js";
import { nagQueries } from "../src/raci/nag-data.js";
import { createNagSchedule } from "../src/raci/nag-schedule.js";
import { createScheduleRunner } from "../src/schedule/runner.js";
import { createProjectService } from "../src/projects/service.js";
import { createTaskService } from "../src/raci/service.js";
import { createBlockerLinks } from "../src/standups/blocker-links.js";
import { benchSchemaName } from "./run-names.js";

/**
 * One nag tick over a large roll-out: 50,000 tasks and 5,000 people (BENCH_RACI_SCALE scales both; the default
 * run takes about 25 s on Postgres, 35 s on PGlite). Every person starts work at 09:00 Shanghai, so the
 * tick at 09:00 computes and claims every nag at once — the worst minute of the day. Reports that tick (compute
 * and claim, outbox rows included), a quiet tick (nobody's work start), a replayed tick (everything claimed), and
 * the EXPLAIN plans of the tick's queries. Baseline, in the same run: as many single-row claim inserts as nags
 * claimed, in transactions of the same size — the bare cost of "once" on this database.
 */
export async function benchRaciNag(): Promise<Record<string, number | string>> {
  const url = process.env.DATABASE_URL || undefined;
  const scale = Number(process.env.BENCH_RACI_SCALE ?? 1);
  const people = Math.max(50, Math.round(5000 * scale));
  const taskCount = Math.max(500, Math.round(50_000 * scale));
  const projects = Math.max(2, Math.round(people / 500));
  const teams = Math.max(2, Math.round(people / 100));
  const schema = benchSchemaName("raci");
  const handle = await openDatabase({ ...(url ? { url } : {}), schema });
  const { db } = handle;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    await migrateToLatest(db, schema);
    const seedStart = Date.now();
    await seed(db, { people, tasks: taskCount, projects, teams });
    await sql`analyze`.execute(db);
    log(`raci-nag: seeded ${people} people, ${taskCount} tasks, ${projects} projects, ${teams} teams on ${handle.kind} in ${Date.now() - seedStart} ms`);

    const queue = createInlineQueue({ onError: () => undefined }); // not started: deliveries stay in the outbox
    const logger = createLogger("silent");
    const nags = createNagSchedule({ db, logger, tasks: createTaskService(db, createBlockerLinks(db)), projects: createProjectService(db), calendars: createCalendarService(db) });
    const runner = createScheduleRunner({ db, queue, logger, sendRate: () => 0 });
    const run = (window: { from: Date; to: Date }) => runner.run(nags.schedule, window);
    const nine = new Date("2026-06-16T09:00:00+08:00");

    const quietStart = process.hrtime.bigint();
    await run({ from: new Date(nine.getTime() - 5 * 3_600_000), to: new Date(nine.getTime() - 4 * 3_600_000) });
    const quietMs = Number(process.hrtime.bigint() - quietStart) / 1e6;

    const start = process.hrtime.bigint();
    const outcome = await run({ from: new Date(nine.getTime() - 60_000), to: nine });
    const tickMs = Number(process.hrtime.bigint() - start) / 1e6;
    const stats = { ...nags.stats(), claimed: outcome.claimed, sendMs: Math.round(tickMs - nags.stats().computeMs) };

    const replayStart = process.hrtime.bigint();
    const replay = await run({ from: nine, to: new Date(nine.getTime() + 60_000) });
    const replayMs = Number(process.hrtime.bigint() - replayStart) / 1e6;
    const replayClaimed = replay.claimed;

    const baselineStart = process.hrtime.bigint();
    for (let i = 0; i < stats.claimed; i += 200) {
      await db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(stats.claimed, i + 200); j++) {
          await trx.insertInto("claims").values({ key: `baseline:${j}` }).onConflict((oc) => oc.column("key").doNothing()).execute();
        }
      });
    }
    const baselineMs = Number(process.hrtime.bigint() - baselineStart) / 1e6;

    const q = nagQueries(db);
    const somePeople = Array.from({ length: 1000 }, (_, i) => i + 1);
    for (const [name, query] of [
      ["candidates", q.candidates("2026-07-16")],
      ["projects with overdue tasks", q.overdueProjects("2026-06-17")],
      ["assigned (a chunk of 1,000 people: a fifth of the table, so a scan is cheaper)", q.assigned(somePeople, "2026-07-16", "2026-06-17")],
      ["assigned (20 people)", q.assigned(somePeople.slice(0, 20), "2026-07-16", "2026-06-17")],
      ["due in projects", q.dueInProjects(Array.from({ length: 5 }, (_, i) => i + 1), "2026-06-17")],
      [
        "tenant admin lookup (every command: src/context/lookup.ts)",
        db.selectFrom("memberships").select("person_id").where("tenant_id", "=", sql<number>`(select min(id) from tenants)`).where("role", "=", "admin").orderBy(sql`person_id = ${1}`, "desc").limit(1),
      ],
    ] as const) {
      const plan = await query.explain();
      const text = plan.map((row) => String(Object.values(row)[0]).replace(/'\{(\d+,){20,}\d+\}'/g, "'{…ids…}'")).join("\n");
      log(`\nEXPLAIN ${name}:\n${text}`);
    }
    const outbox = await db.selectFrom("deliveries").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
    return {
      bench: "raci-nag",
      database: handle.kind,
      people,
      tasks: taskCount,
      "candidates": stats.candidates,
      "people due at 09:00": stats.due,
      "nags claimed": stats.claimed,
      "outbox rows": Number(outbox.n),
      "tick ms (compute + claim)": Math.round(tickMs),
      "of which compute ms": stats.computeMs,
      "of which claim + outbox ms": stats.sendMs,
      "target ms (Postgres, 50k tasks)": 5000,
      "quiet tick ms": Math.round(quietMs),
      "target quiet tick ms": 50,
      "replayed tick ms": Math.round(replayMs),
      "replayed tick claimed": replayClaimed,
      "baseline ms (bare claim inserts)": Math.round(baselineMs),
      "ratio tick / baseline": +(tickMs / Math.max(1, baselineMs)).toFixed(2),
      "target ratio": 3,
    };
  } finally {
    if (url) await sql.raw(`drop schema if exists "${schema}" cascade`).execute(db).catch(() => undefined);
    await handle.close();
  }
}

/** Bulk-inserts the roll-out with set-based SQL (generate_series), so seeding stays a small part of the run. */
async function seed(db: Awaited<ReturnType<typeof openDatabase>>["db"], n: { people: number; tasks: number; projects: number; teams: number }): Promise<void> {
  const tenant = await db.insertInto("tenants").values({ platform: "console", external_id: "bench", name: "Bench", locale: "zh-CN", timezone: "Asia/Shanghai" }).returning("id").executeTakeFirstOrThrow();
  const t = tenant.id;
  await sql`insert into people (tenant_id, display_name, email) select ${t}, 'Person ' || g, 'p' || g || '@bench.example' from generate_series(1, ${n.people}) g`.execute(db);
  await sql`insert into identities (tenant_id, person_id, platform, user_id) select ${t}, id, 'console', 'u' || id from people where tenant_id = ${t}`.execute(db);
  await sql`insert into projects (tenant_id, key, name, phase, timezone, settings) select ${t}, 'p' || g, 'Project ' || g, 'build', 'Asia/Shanghai', '{}'::jsonb from generate_series(1, ${n.projects}) g`.execute(db);
  await sql`insert into teams (tenant_id, project_id, name, timezone, locale, calendar)
    select ${t}, (select min(id) from projects) + (g % ${n.projects}), 'Team ' || g, 'Asia/Shanghai', 'zh-CN', 'cn' from generate_series(1, ${n.teams}) g`.execute(db);
  // Person i: team (i mod teams), project of that team; the first person of each project is its sponsor.
  await sql`insert into team_members (team_id, person_id, tenant_id)
    select (select min(id) from teams) + (p.id % ${n.teams}), p.id, ${t} from people p where p.tenant_id = ${t}`.execute(db);
  await sql`insert into memberships (tenant_id, project_id, person_id, role)
    select ${t}, tm.project_id, p.person_id, case when row_number() over (partition by tm.project_id order by p.person_id) = 1 then 'sponsor' else 'member' end
    from team_members p join teams tm on tm.id = p.team_id where p.tenant_id = ${t}`.execute(db);
  // Tasks over 80 days around the tick; 35% done, 5% cancelled, 3% blocked, the rest open or in progress.
  await sql`insert into tasks (tenant_id, project_id, number, key, title, phase, due_date, due_at, status)
    select ${t}, (select min(id) from projects) + (g % ${n.projects}), g, 'T-' || g, 'Task ' || g, 'build',
      d, (d + 1)::timestamp at time zone 'Asia/Shanghai',
      case when g % 20 < 7 then 'done' when g % 20 = 7 then 'cancelled' when g % 33 = 0 then 'blocked' when g % 2 = 0 then 'in_progress' else 'open' end
    from (select g, (date '2026-06-16' + ((g * 7919) % 80 - 40)) as d from generate_series(1, ${n.tasks}) g) s`.execute(db);
  // R: a member of the task's project (and a second R on every fifth task); A, C and I: other members.
  await sql`create table bench_members as
    select project_id, person_id, row_number() over (partition by project_id order by person_id) - 1 as idx, count(*) over (partition by project_id) as size
    from memberships where tenant_id = ${t}`.execute(db);
  for (const [role, offset, every] of [["R", 0, 1], ["R", 7, 5], ["A", 3, 1], ["C", 11, 2], ["I", 13, 3]] as const) {
    await sql`insert into task_assignments (task_id, role, person_id, tenant_id)
      select tk.id, ${role}, m.person_id, ${t} from tasks tk join bench_members m on m.project_id = tk.project_id and m.idx = ((tk.number::bigint * 2654435761) % 4294967296 + ${offset}) % m.size
      where tk.tenant_id = ${t} and tk.number % ${every} = 0 on conflict do nothing`.execute(db);
  }
  await sql`drop table bench_members`.execute(db);
}
