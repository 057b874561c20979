import { sql } from "kysely";
import type { Viewer } from "../src/adoption/board.js";
import type { Database } from "../src/db/database.js";
import { createAdoptionReads } from "../src/adoption/metrics.js";
import { createLogger } from "../src/logger.js";
import { createRuntime } from "../src/main.js";
import { dropSchema } from "../test/helpers/cleanup.js";
import { testConfig } from "../test/helpers/services.js";
import { benchSchemaName } from "./run-names.js";

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const RUNS = 40;
const TARGET_MS = 100;

/**
 * Issue #18's board target: 2,000 people (20 teams) and 1,000,000 CRM events of a month (BENCH_BOARD_PEOPLE,
 * BENCH_BOARD_EVENTS), seeded set-based with the points they earned. Measured, p95 of 40 runs each: `adoption board`
 * for the week and the month, per team and per module (the whole command as the PM sees it), and the read API the
 * digest uses (the 8-week series and every team's week). Baseline in the same run: the bare indexed read no board can
 * skip, the project's memberships (who is on the board). Target: a board under 100 ms p95.
 */
export async function benchAdoptionBoard(): Promise<Record<string, number | string>> {
  const people = Number(process.env.BENCH_BOARD_PEOPLE ?? 2_000);
  const events = Number(process.env.BENCH_BOARD_EVENTS ?? 1_000_000);
  const schema = benchSchemaName("board");
  const runtime = await createRuntime({ config: testConfig({ DEMO_SEED: "false", REDIS_URL: undefined }), console: false, db: { schema }, jobs: false, logger: createLogger("silent") });
  const { db } = runtime.database;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const now = new Date("2026-11-30T04:00:00Z"); // Monday noon in Shanghai: the month of November is behind it
    runtime.clock.set(now);
    const seedStart = Date.now();
    const ids = await seed(db, people, events, now);
    await sql`analyze`.execute(db);
    log(`adoption-board: seeded ${people} people, ${events} events, ${ids.points} point rows on ${runtime.database.kind} in ${Date.now() - seedStart} ms`);

    const project = (await runtime.services.projects.get(ids.tenant, ids.project))!;
    const viewer: Viewer = { tenantId: ids.tenant, projectId: ids.project, projectName: project.name, timezone: project.timezone, personId: ids.pm, roles: ["pm"], locale: "zh-CN" };
    const { boards, settings } = runtime.services.adoption;
    const reads = createAdoptionReads({ db, core: runtime.services, settings });
    const cases: [string, () => Promise<unknown>][] = [
      ["board week", () => boards.board(viewer, { by: "all", period: "week" })],
      ["board month", () => boards.board(viewer, { by: "all", period: "month" })],
      ["board team month", () => boards.board(viewer, { by: "team", period: "month" })],
      ["board module month", () => boards.board(viewer, { by: "module", period: "month" })],
      ["digest read: 8-week series", () => reads.series(ids.tenant, ids.project, { weeks: 8 })],
      ["digest read: teams' week", () => reads.teams(ids.tenant, ids.project)],
    ];
    const baseline: number[] = [];
    const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
    for (const [, run] of cases) await run(); // plans and caches warm
    for (let i = 0; i < RUNS; i++) {
      const b = performance.now();
      await sql`select person_id, role from memberships where project_id = ${ids.project}`.execute(db);
      baseline.push(performance.now() - b);
      for (const [name, run] of cases) {
        const s = performance.now();
        await run();
        times.get(name)!.push(performance.now() - s);
      }
    }
    const base = p95(baseline);
    const out: Record<string, number | string> = { bench: "adoption-board", database: runtime.database.kind, people, events, "point rows": ids.points, runs: RUNS, "target ms": TARGET_MS, "baseline p95 ms (the project's memberships)": +base.toFixed(1) };
    for (const [name, xs] of times) {
      out[`${name} p95 ms`] = +p95(xs).toFixed(1);
      out[`${name} ratio`] = +(p95(xs) / Math.max(0.1, base)).toFixed(1);
    }
    out["meets board week and month < 100 ms"] = p95(times.get("board week")!) < TARGET_MS && p95(times.get("board month")!) < TARGET_MS ? "yes" : "no";
    return out;
  } finally {
    await runtime.stop();
    if (process.env.DATABASE_URL) await dropSchema(process.env.DATABASE_URL, schema);
  }
}

/** People in 20 teams, their CRM users, a month of events every 2.6 s, and the points the complete ones earned. */
export async function seed(db: Database, people: number, events: number, now: Date) {
  const tenant = (await db.insertInto("tenants").values({ platform: "console", external_id: "bench", name: "Bench", locale: "zh-CN", timezone: "Asia/Shanghai" }).returning("id").executeTakeFirstOrThrow()).id;
  const t = tenant;
  const project = (await sql<{ id: number }>`insert into projects (tenant_id, key, name, phase, timezone, settings) values (${t}, 'board', 'Board 积分', 'build', 'Asia/Shanghai', '{}'::jsonb) returning id`.execute(db)).rows[0]!.id;
  await sql`insert into people (tenant_id, display_name, email, timezone, locale) select ${t}, 'Person ' || g, 'p' || g || '@bench.example', 'Asia/Shanghai', 'zh-CN' from generate_series(1, ${people}) g`.execute(db);
  const first = (await sql<{ id: number }>`select min(id) as id from people where tenant_id = ${t}`.execute(db)).rows[0]!.id;
  await sql`insert into memberships (tenant_id, project_id, person_id, role)
    select ${t}, ${project}, id, case when id = ${first} then 'pm' when (id - ${first}::int) % 10 = 1 then 'key_user' else 'member' end from people where tenant_id = ${t}`.execute(db);
  await sql`insert into teams (tenant_id, project_id, name, timezone, locale, calendar) select ${t}, ${project}, 'Team ' || g, 'Asia/Shanghai', 'zh-CN', 'cn' from generate_series(1, 20) g`.execute(db);
  await sql`insert into team_members (team_id, person_id, tenant_id)
    select tm.id, p.id, ${t} from people p join (select id, row_number() over (order by id) - 1 as k from teams where project_id = ${project}) tm on tm.k = (p.id - ${first}::int) % 20 where p.tenant_id = ${t}`.execute(db);
  await sql`insert into adoption_users (tenant_id, crm_user, person_id, mapped_by) select ${t}, 'u' || (id - ${first}::int), id, 'auto' from people where tenant_id = ${t}`.execute(db);
  const start = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  await sql`insert into adoption_events (tenant_id, event_id, project_id, occurred_at, crm_user, type, object, record_id, complete, related_at, day)
    select ${t}, 'e' || g, ${project}, ts, 'u' || (g % ${people}),
      (array['record_created', 'record_updated', 'activity_logged', 'login', 'report_generated'])[1 + g % 5],
      case when g % 5 in (3, 4) then null else (array['lead', 'account', 'contact', 'opportunity', 'quote', 'visit'])[1 + (g / 8) % 6] end,
      case when g % 5 in (3, 4) then null else 'r' || g end, g % 9 <> 0,
      case when g % 5 = 2 then ts - make_interval(hours => case when g % 11 = 0 then 30 else 2 end) end, (ts at time zone 'Asia/Shanghai')::date
    from (select g, ${start}::timestamptz + make_interval(secs => g * 2.6) as ts from generate_series(1, ${events}) g) s`.execute(db);
  // What the rules award, per complete record or on-time activity (1–3 points each), set-based.
  await sql`insert into adoption_points (tenant_id, project_id, crm_user, kind, object, ref, source, points, at, day)
    select tenant_id, project_id, crm_user, type, object, 'e:' || event_id, null, 1 + length(event_id) % 3, occurred_at, day from adoption_events
    where project_id = ${project} and complete and type in ('record_created', 'record_updated', 'activity_logged', 'report_generated')
      and (related_at is null or occurred_at - related_at <= interval '24 hours')`.execute(db);
  const points = Number((await sql<{ n: string }>`select count(*) as n from adoption_points where project_id = ${project}`.execute(db)).rows[0]!.n);
  return { tenant, project, pm: first, points };
}
