import { sql } from "kysely";
import type { ChatAdapter } from "../src/core/adapter.js";
import { createManualClock } from "../src/core/clock.js";
import { readConfig } from "../src/config.js";
import type { GoliveAsker } from "../src/golive/model.js";
import { createRuntime, type Runtime } from "../src/main.js";
import { percentile } from "./latency.js";
import { fakeAdapter, startFakePlatform } from "./standup-fanout.js";
import { benchRedisPrefix, benchSchemaName } from "./run-names.js";

/**
 * Go-live (#17), two parts:
 * 1. A war room of GOLIVE_BENCH_ROOM members (default 200) with GOLIVE_BENCH_ISSUES issues (default 500) and their
 *    timeline: the status card refresh (`warroom update`: the update, its timeline event, the card rebuilt and queued as
 *    an edit) and the timeline export (Markdown), 200 runs each; target p95 < 50 ms. Baseline in the same run: one
 *    indexed count over the room's issues.
 * 2. `warroom notify outage` to GOLIVE_BENCH_MEMBERS project members (default 1,000; 10000 for the issue's size)
 *    through a fake platform that allows GOLIVE_BENCH_RATE sends per second (default 50) and answers 429 above it
 *    (the stand-up fan-out bench's fake and method); every notice is urgent, so the adapter's urgent call is counted
 *    too. Compared with the ideal N ÷ rate; zero 429s, zero duplicate sends and zero duplicate urgent calls expected.
 */
const TENANT = "T-BENCH";
const RUNS = 200;
const NOW = new Date("2026-12-05T02:00:00Z");

async function start(adapter: ChatAdapter, label: string): Promise<Runtime> {
  const config = readConfig({ LOG_LEVEL: "silent", DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, TICK_INTERVAL_SECONDS: "3600" });
  if (!config.ok) throw new Error(config.problems.join("; "));
  return createRuntime({ config: config.config, console: false, adapters: [adapter], clock: createManualClock(NOW), db: { memory: true, schema: benchSchemaName(`golive_${label}`) }, redisPrefix: benchRedisPrefix(`golive_${label}`) });
}

/** A project of `members` people (a PM, then key users and members, each with a platform identity), and its PM as asker. */
async function seedProject(runtime: Runtime, members: number): Promise<GoliveAsker> {
  const { db } = runtime.database;
  const tenant = (await runtime.services.tenants.find("slack", TENANT))!;
  const pm = await runtime.services.people.create(tenant.id, { displayName: "Bench PM", locale: "en" });
  await runtime.services.people.linkIdentity(tenant.id, pm.id, "slack", "UPM");
  const project = await runtime.services.projects.create(tenant.id, { name: "Bench", key: "bench", timezone: "Asia/Shanghai", goLiveDate: "2026-12-05", phase: "cutover", ownerId: pm.id, ownerRoles: ["pm"] });
  for (let from = 1; from < members; from += 1000) {
    const count = Math.min(1000, members - from);
    const people = await db.insertInto("people").values(Array.from({ length: count }, (_, i) => ({ tenant_id: tenant.id, display_name: `Member ${from + i}`, locale: i % 2 ? "en" : "zh-CN" }))).returning("id").execute();
    await db.insertInto("identities").values(people.map((p) => ({ tenant_id: tenant.id, person_id: p.id, platform: "slack", user_id: `U${p.id}` }))).execute();
    await db.insertInto("memberships").values(people.map((p, i) => ({ tenant_id: tenant.id, project_id: project.id, person_id: p.id, role: i % 10 === 0 ? ("key_user" as const) : ("member" as const) }))).execute();
  }
  return { tenantId: tenant.id, projectId: project.id, projectName: project.name, personId: pm.id, locale: "en", roles: ["pm"] };
}

/** The open war room with `issues` issues (a quarter resolved, severities mixed) and a timeline event for each. */
async function seedWarroom(runtime: Runtime, who: GoliveAsker, issues: number): Promise<string> {
  const { db } = runtime.database;
  const room = await db.insertInto("warrooms").values({ tenant_id: who.tenantId, project_id: who.projectId, group_key: `bench:warroom:${who.projectId}`, opened_by: who.personId, opened_at: NOW }).returning("id").executeTakeFirstOrThrow();
  const owners = (await db.selectFrom("memberships").select("person_id").where("project_id", "=", who.projectId).limit(50).execute()).map((m) => m.person_id);
  const at = (i: number) => new Date(NOW.getTime() + i * 60_000);
  await db
    .insertInto("warroom_issues")
    .values(Array.from({ length: issues }, (_, i) => ({ tenant_id: who.tenantId, warroom_id: room.id, number: i + 1, key: `I-${i + 1}`, text: `Issue ${i + 1}: orders page slow for region ${i % 7}`, severity: i % 9 === 0 ? null : (i % 4) + 1, status: i % 4 === 0 ? ("resolved" as const) : ("open" as const), raised_by: who.personId, owner_id: owners[i % owners.length] ?? null, created_at: at(i), target_at: at(i + 15) })))
    .execute();
  await db.insertInto("warroom_events").values(Array.from({ length: issues }, (_, i) => ({ tenant_id: who.tenantId, warroom_id: room.id, at: at(i), person_id: owners[i % owners.length] ?? null, kind: "issue", text: `I-${i + 1} S${(i % 4) + 1} Issue ${i + 1}` }))).execute();
  await sql`analyze`.execute(db);
  return room.id;
}

async function timedRuns(run: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await run(i);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Runs both parts; see the comment at the top of the file. */
export async function benchGolive(): Promise<Record<string, number | string>> {
  const roomSize = Number(process.env.GOLIVE_BENCH_ROOM ?? 200);
  const issueCount = Number(process.env.GOLIVE_BENCH_ISSUES ?? 500);
  const members = Number(process.env.GOLIVE_BENCH_MEMBERS ?? 1000);
  const rate = Number(process.env.GOLIVE_BENCH_RATE ?? 50);

  const unlimited = await startFakePlatform(0);
  const first = await start(fakeAdapter(unlimited, 0), "room");
  let card: number[];
  let timeline: number[];
  let baseline: number[];
  try {
    const pm = await seedProject(first, roomSize);
    const roomId = await seedWarroom(first, pm, issueCount);
    const { golive } = first.services;
    card = await timedRuns((i) => golive.warroom.update(pm, { conditions: `run ${i}: orders recovering` }));
    timeline = await timedRuns(() => golive.life.showTimeline(pm));
    const { db } = first.database;
    baseline = await timedRuns(() => db.selectFrom("warroom_issues").select((eb) => eb.fn.countAll<string>().as("n")).where("warroom_id", "=", roomId).where("status", "=", "open").executeTakeFirstOrThrow());
  } finally {
    await first.stop();
    await unlimited.close();
  }

  const limited = await startFakePlatform(rate);
  const urgentSeen = new Set<string>();
  let urgentCalls = 0;
  let urgentDuplicates = 0;
  const adapter: ChatAdapter = {
    ...fakeAdapter(limited, rate),
    async urgent(sent) {
      urgentCalls++;
      if (urgentSeen.has(sent.messageId)) urgentDuplicates++;
      urgentSeen.add(sent.messageId);
    },
  };
  const second = await start(adapter, "notify");
  let deliveryMs: number;
  try {
    const pm = await seedProject(second, members);
    await seedWarroom(second, pm, 10);
    const t0 = Date.now();
    await second.services.golive.life.notice(pm, "outage", "CRM login fails for everyone");
    await until(() => limited.accepted >= members && urgentCalls >= members, Math.max(60_000, (members / rate) * 3000));
    deliveryMs = limited.lastAt - t0;
  } finally {
    await second.stop();
    await limited.close();
  }

  const p = (xs: number[], q: number) => +percentile(xs, q).toFixed(2);
  const idealMs = (members / rate) * 1000;
  return {
    bench: "golive",
    database: process.env.DATABASE_URL ? "postgres" : "pglite",
    queue: process.env.REDIS_URL ? "bullmq" : "inline",
    "room members": roomSize,
    issues: issueCount,
    "card refresh p50 ms": p(card, 50),
    "card refresh p95 ms (target < 50)": p(card, 95),
    "timeline export p50 ms": p(timeline, 50),
    "timeline export p95 ms (target < 50)": p(timeline, 95),
    "baseline issue count p95 ms": p(baseline, 95),
    "ratio card p95 / baseline p95": +(percentile(card, 95) / percentile(baseline, 95)).toFixed(1),
    "ratio timeline p95 / baseline p95": +(percentile(timeline, 95) / percentile(baseline, 95)).toFixed(1),
    "notify members": members,
    "rate /s": rate,
    "notify delivery s (rate-limited fake)": +(deliveryMs / 1000).toFixed(2),
    "ideal N/rate s": +(idealMs / 1000).toFixed(2),
    "ratio delivery / ideal (target ≈ 1)": +(deliveryMs / idealMs).toFixed(3),
    "sent by limited fake": limited.accepted,
    "urgent calls": urgentCalls,
    "429s (target 0)": limited.rejected + unlimited.rejected,
    "duplicates (target 0)": limited.duplicates + unlimited.duplicates + urgentDuplicates,
  };
}
