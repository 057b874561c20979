import { sql } from "kysely";
import { createManualClock } from "../src/core/clock.js";
import { readConfig } from "../src/config.js";
import type { Asker } from "../src/feedback/model.js";
import { statsQuery } from "../src/feedback/stats.js";
import { createRuntime } from "../src/main.js";
import { benchRedisPrefix, benchSchemaName } from "./run-names.js";

/**
 * Feedback at scale (issue #16's Performance section): one project with 100,000 items (BENCH_FEEDBACK_ITEMS), of
 * mixed types, modules, priorities and statuses, texts in Chinese and English built from a vocabulary of CRM
 * complaints so that the trigram index has realistic work to do.
 *
 * - Filing with the duplicate search (the real `feedback` flow: number, insert, history row, similarity search
 *   over open items) against a plain indexed insert of one row into the same table, measured in the same run:
 *   p95 ratio, target ≤ 3×.
 * - `feedback stats` for the project (one statement: the trigger-kept rollup, the new items still within target,
 *   medians over the latest items): p95, target < 50 ms on Postgres, quiet and again while two filing loops run
 *   beside it (load of our own, bounded); beside each, the ratio to a bare `count(*)` of the project's items
 *   measured in the same conditions. The plans of the duplicate search and of the stats statement are printed.
 */
export async function benchFeedback(): Promise<Record<string, number | string>> {
  const items = Number(process.env.BENCH_FEEDBACK_ITEMS ?? 100_000);
  const filings = Number(process.env.BENCH_FEEDBACK_FILINGS ?? 300);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const config = readConfig({ LOG_LEVEL: "silent", DATABASE_URL: process.env.DATABASE_URL, TICK_INTERVAL_SECONDS: "3600", DEMO_SEED: "false" });
  if (!config.ok) throw new Error(config.problems.join("; "));
  const runtime = await createRuntime({ config: config.config, console: false, adapters: [], clock: createManualClock(new Date("2026-12-07T02:00:00Z")), db: { memory: true, schema: benchSchemaName("feedback") }, redisPrefix: benchRedisPrefix("feedback") });
  try {
    const { db } = runtime.database;
    const tenant = await runtime.services.tenants.ensure("console", "bench", { name: "Bench", locale: "zh-CN", timezone: "Asia/Shanghai" });
    const pm = await runtime.services.people.create(tenant.id, { displayName: "Bench PM" });
    const project = await runtime.services.projects.create(tenant.id, { name: "Bench", key: "bench", timezone: "Asia/Shanghai", goLiveDate: null, phase: "build", ownerId: pm.id, ownerRoles: ["pm"] });
    const seedStart = Date.now();
    await seedFeedback(db, tenant.id, project.id, pm.id, items);
    // What autovacuum does in production: the visibility map lets `feedback stats` scan its covering index only.
    await sql`vacuum analyze feedback_items`.execute(db);
    // And the rollup, which the seeding's 100,000 trigger updates left with as many dead rows (autovacuum's work too).
    await sql`vacuum analyze feedback_rollup`.execute(db);
    log(`feedback: seeded ${items} items on ${runtime.database.kind} in ${Date.now() - seedStart} ms`);

    const asker: Asker = { tenantId: tenant.id, projectId: project.id, projectKey: project.key, projectName: project.name, personId: pm.id, locale: "zh-CN", roles: ["pm"], conversation: { platform: "console", tenantId: "bench", conversationId: "#bench", kind: "group" } };
    const filing = runtime.services.feedback.filing;
    let offered = 0;
    const file = async (i: number) => {
      const filed = await filing.file(asker, { text: `${PHRASES[i % PHRASES.length]}，${PHRASES[(i * 7 + 3) % PHRASES.length]} ${i}` });
      if (filed.kind === "filed" && filed.similar.length > 0) offered++;
    };
    let n = 0;
    const plain = async () => {
      const k = 10_000_000 + n++;
      await db.insertInto("feedback_items").values({ tenant_id: tenant.id, project_id: project.id, number: k, key: `FB-${k}`, text: `${PHRASES[k % PHRASES.length]} ${k}`, reporter_id: pm.id }).execute();
    };
    for (let i = 0; i < 20; i++) {
      await file(i);
      await plain();
    }
    offered = 0;
    // Interleaved, so that both see the same table size, cache and machine load.
    const fileMs: number[] = [];
    const plainMs: number[] = [];
    for (let i = 0; i < filings; i++) {
      fileMs.push(await timed(() => file(1000 + i)));
      plainMs.push(await timed(plain));
    }
    const stats = runtime.services.feedback.stats;
    const statsMs: number[] = [];
    const countMs: number[] = [];
    for (let i = 0; i < 5; i++) await stats.rows(project.id);
    for (let i = 0; i < 100; i++) {
      statsMs.push(await timed(() => stats.rows(project.id)));
      countMs.push(await timed(() => db.selectFrom("feedback_items").select((eb) => eb.fn.countAll().as("n")).where("project_id", "=", project.id).executeTakeFirst()));
    }
    // Under load: two filing loops beside the stats and the count (as busy hours would have), each stopping by itself.
    const filedWithDuplicateOffered = offered;
    const loadedStatsMs: number[] = [];
    const loadedCountMs: number[] = [];
    let stop = false;
    let loadFilings = 0;
    const loop = async (offset: number) => {
      for (let i = 0; i < 2000 && !stop; i++, loadFilings++) await file(50_000 + offset + i);
    };
    const loaders = [loop(0), loop(10_000)];
    try {
      for (let i = 0; i < 100; i++) {
        loadedStatsMs.push(await timed(() => stats.rows(project.id)));
        loadedCountMs.push(await timed(() => db.selectFrom("feedback_items").select((eb) => eb.fn.countAll().as("n")).where("project_id", "=", project.id).executeTakeFirst()));
      }
    } finally {
      stop = true;
      await Promise.all(loaders);
    }
    // The minute tick's triage reminders over the backlog (a tenth of the items are untriaged, all past their
    // targets): five key users and the PM, each told of their overdue items; against a bare read of the same rows.
    for (let i = 0; i < 5; i++) {
      const keyUser = await runtime.services.people.create(tenant.id, { displayName: `Bench key user ${i}` });
      await runtime.services.projects.addMember(tenant.id, project.id, keyUser.id, "key_user");
    }
    const reminders = runtime.scheduling.schedules.find((s) => s.name === "feedback-triage-reminders");
    if (!reminders) throw new Error("the feedback-triage-reminders schedule is not registered");
    const tickAt = new Date("2026-12-07T02:00:00Z");
    let reminded = 0;
    let reminderChars = 0;
    const remind = async () => {
      reminded = 0;
      reminderChars = 0;
      for await (const batch of reminders.due({ from: new Date(tickAt.getTime() - 60_000), to: tickAt })) {
        for (const o of batch.occurrences) {
          reminded++;
          reminderChars += JSON.stringify(await o.message({ trx: db, late: false })).length;
        }
      }
    };
    const untriagedRead = () => db.selectFrom("feedback_items").select(["id", "created_at"]).where("project_id", "=", project.id).where("status", "=", "new").execute();
    const remindMs: number[] = [];
    const untriagedReadMs: number[] = [];
    for (let i = 0; i < 2; i++) await remind();
    for (let i = 0; i < 10; i++) {
      remindMs.push(await timed(remind));
      untriagedReadMs.push(await timed(untriagedRead));
    }
    const probe = `${PHRASES[3]}，${PHRASES[11]} 77`;
    for (const [name, query] of [
      ["duplicate search", sql`explain (analyze, buffers) select i.id, i.text operator(public.<->) ${probe} as d from feedback_items i where i.project_id = ${project.id} and i.status not in ('resolved','wont_fix','merged') order by i.text operator(public.<->) ${probe} limit 3`],
      ["feedback stats", sql`explain (analyze, buffers) ${statsQuery(project.id, new Date("2026-12-07T02:00:00Z"))}`],
    ] as const) {
      const plan = await query.execute(db);
      log(`feedback: plan of ${name}:\n${plan.rows.map((r) => Object.values(r as Record<string, string>)[0]).join("\n")}`);
    }
    const p95File = p(fileMs, 0.95);
    const p95Plain = p(plainMs, 0.95);
    const p95Stats = p(statsMs, 0.95);
    const p95LoadedStats = p(loadedStatsMs, 0.95);
    return {
      bench: "feedback",
      database: runtime.database.kind,
      items,
      filings,
      filedWithDuplicateOffered,
      fileP50Ms: round(p(fileMs, 0.5)),
      fileP95Ms: round(p95File),
      plainInsertP50Ms: round(p(plainMs, 0.5)),
      plainInsertP95Ms: round(p95Plain),
      fileVsPlainP95: round(p95File / p95Plain),
      fileVsPlainTarget: "≤ 3×",
      statsP50Ms: round(p(statsMs, 0.5)),
      statsP95Ms: round(p95Stats),
      statsTarget: "< 50 ms p95 on Postgres",
      statsVsCountP95: round(p95Stats / p(countMs, 0.95)),
      statsUnderLoadP50Ms: round(p(loadedStatsMs, 0.5)),
      statsUnderLoadP95Ms: round(p95LoadedStats),
      statsUnderLoadTarget: "< 50 ms p95 on Postgres",
      statsUnderLoadVsCountP95: round(p95LoadedStats / p(loadedCountMs, 0.95)),
      filingsBesideStats: loadFilings,
      triageRemindersP50Ms: round(p(remindMs, 0.5)),
      triageRemindersVsReadP50: round(p(remindMs, 0.5) / p(untriagedReadMs, 0.5)),
      triageRemindersTarget: "≤ 3× a bare read of the untriaged rows",
      triageRemindersSent: reminded,
      triageReminderMeanChars: Math.round(reminderChars / Math.max(1, reminded)),
    };
  } finally {
    await runtime.stop();
  }
}

const PHRASES = [
  "线索导入很慢", "客户列表打开要十秒", "报价单导出PDF缺少公司抬头", "商机阶段在手机端看不到", "拜访记录无法补录昨天的",
  "报表按月导出失败", "权限设置后销售看不到自己的客户", "联系人重复太多", "集成ERP订单同步失败", "移动端登录经常掉线",
  "Lead import takes three minutes", "The account list is slow to open", "Quote PDF misses the letterhead", "Opportunity stage missing on mobile",
  "Cannot log a visit for yesterday", "Monthly report export fails", "Sales reps cannot see their own accounts", "Too many duplicate contacts",
  "ERP order sync fails at night", "The mobile app logs me out", "希望增加批量转移客户", "培训视频找不到", "数据迁移后金额不对", "操作步骤太复杂",
];

/** `items` feedback items of mixed types, modules, priorities and statuses in one project, filed from 2026-06-01 on (the digest bench uses it too). */
export async function seedFeedback(db: import("../src/db/database.js").Database, tenantId: number, projectId: number, personId: number, items: number): Promise<void> {
  const phrases = sql.raw(`(array[${PHRASES.map((p) => `'${p.replace(/'/g, "''")}'`).join(",")}]::text[])`);
  const types = sql.raw(`(array['bug','performance','missing_feature','too_complex','training','data','suggestion','complaint']::text[])`);
  const modules = sql.raw(`(array['leads','accounts','contacts','opportunities','quotes','activities','reports','mobile','integration','permissions']::text[])`);
  const statuses = sql.raw(`(array['new','triaged','in_progress','planned','resolved','resolved','wont_fix','needs_info','resolved','triaged']::text[])`);
  const priorities = sql.raw(`(array['urgent','high','normal','normal','normal','low']::text[])`);
  for (let from = 1; from <= items; from += 20_000) {
    const to = Math.min(items, from + 19_999);
    await sql`
      insert into feedback_items (tenant_id, project_id, number, key, text, type, module, priority, status, reporter_id, created_at, triaged_at, resolved_at, updated_at)
      select ${tenantId}, ${projectId}, g, 'FB-' || g,
        ${phrases}[1 + g % 24] || '，' || ${phrases}[1 + (g * 7 + 5) % 24] || ' ' || (g % 997)::text,
        case when g % 10 = 0 then null else ${types}[1 + g % 8] end, ${modules}[1 + (g / 3) % 10], ${priorities}[1 + g % 6], s.status, ${personId},
        c.created, case when s.status <> 'new' then c.created + make_interval(hours => 1 + g % 40) end,
        case when s.status = 'resolved' then c.created + make_interval(days => 1 + g % 20) end, c.created
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (select ${statuses}[1 + g % 10] as status) s
      cross join lateral (select timestamptz '2026-06-01' + make_interval(mins => g * 2) as created) c`.execute(db);
  }
  await db.insertInto("feedback_counters").values({ project_id: projectId, last_number: items }).execute();
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function p(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const round = (x: number) => Math.round(x * 100) / 100;
