import { sql } from "kysely";
import type { ChatAdapter } from "../src/core/adapter.js";
import { createManualClock } from "../src/core/clock.js";
import { readConfig } from "../src/config.js";
import { createRuntime, type Runtime } from "../src/main.js";
import { benchRedisPrefix, benchSchemaName } from "./run-names.js";

/**
 * Does a big fan-out hold other schedules back? A RACI nag falls due at 09:00 in the same minute as the stand-up
 * prompts of MEMBERS people (default 10,000; ISOLATION_BENCH_MEMBERS). The nag's send delay — from the tick to its
 * outbox row — is measured on a day without the fan-out (baseline) and on a day with it, in the same run. The tick
 * runs its schedules side by side (four at a time), so the ratio should stay near 1 (an older tick ran them one
 * after another: the nag waited for the whole fan-out).
 */
const TENANT = "T-ISOLATION";
const ZONE = "Asia/Shanghai";
const TEAMS = 10;

function adapter(): ChatAdapter {
  return {
    platform: "slack",
    capabilities: { buttons: { max: 5, labelMax: 40 }, forms: true, markdown: "rich", editMessage: false, ephemeral: false, threads: false, createGroup: false, reactions: false, images: "none", maxTextLength: 4000, rateLimits: [] },
    knownTenants: async () => [{ externalId: TENANT, name: "Isolation" }],
    async start() {},
    async stop() {},
    async openDirect(tenantId, userId) {
      return { platform: "slack", tenantId, conversationId: `D${userId}`, kind: "direct" };
    },
    async send(to) {
      return { platform: "slack", conversation: to, messageId: `m${Math.random()}` };
    },
  };
}

async function seed(runtime: Runtime, members: number): Promise<{ projectId: number }> {
  const { db } = runtime.database;
  const { services } = runtime;
  const tenant = (await services.tenants.find("slack", TENANT))!;
  const pm = await services.people.create(tenant.id, { displayName: "Isolation PM", email: "pm@isolation.example", timezone: ZONE });
  const r = await services.people.create(tenant.id, { displayName: "Nagged R", email: "r@isolation.example", timezone: ZONE });
  await services.people.linkIdentity(tenant.id, pm.id, "slack", "UPM");
  await services.people.linkIdentity(tenant.id, r.id, "slack", "UR");
  const project = await services.projects.create(tenant.id, { name: "Isolation", key: "iso", timezone: ZONE, goLiveDate: null, phase: "build", ownerId: pm.id, ownerRoles: ["pm"] });
  await services.projects.addMember(tenant.id, project.id, r.id, "member");
  const teams: number[] = [];
  for (let i = 0; i < TEAMS; i++) {
    const team = await services.teams.create(tenant.id, project.id, { name: `Team ${i + 1}`, timezone: ZONE, locale: "en" });
    teams.push(team!.id);
    // Inactive until the second day: the first day is the baseline without the fan-out.
    await db.insertInto("standup_configs").values({ team_id: team!.id, tenant_id: tenant.id, project_id: project.id, days: JSON.stringify([0, 1, 2, 3, 4, 5, 6]), prompt_time: "09:00", close_time: "10:00", reminder_minutes: null, active: false }).execute();
  }
  for (let from = 0; from < members; from += 1000) {
    const count = Math.min(1000, members - from);
    const people = await db
      .insertInto("people")
      .values(Array.from({ length: count }, (_, i) => ({ tenant_id: tenant.id, display_name: `Member ${from + i + 1}`, timezone: ZONE })))
      .returning("id")
      .execute();
    await db.insertInto("identities").values(people.map((p) => ({ tenant_id: tenant.id, person_id: p.id, platform: "slack", user_id: `U${p.id}` }))).execute();
    await db.insertInto("team_members").values(people.map((p, i) => ({ tenant_id: tenant.id, person_id: p.id, team_id: teams[(from + i) % TEAMS]! }))).execute();
  }
  const who = { tenantId: tenant.id, projectId: project.id, projectKey: project.key, projectName: project.name, personId: pm.id, locale: "en" as const, roles: ["pm" as const], conversation: null };
  await services.raci.add(who, { title: "Migrate the leads", r: "r@isolation.example", a: "pm@isolation.example", due: "2026-06-01" });
  return { projectId: project.id };
}

/**
 * Ticks at `at` and returns how long until the nag of that date is in the outbox, polling every 2 ms while the tick
 * runs its schedules; returns once the tick is done.
 */
async function nagDelay(runtime: Runtime, at: Date): Promise<number> {
  const date = at.toISOString().slice(0, 10);
  runtime.clock.set(at);
  const started = process.hrtime.bigint();
  const ticking = runtime.tick.tick(at);
  try {
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline) {
      const row = await runtime.database.db.selectFrom("deliveries").select("key").where("key", "like", `raci:nag:%:${date}:%`).executeTakeFirst();
      if (row) return Number(process.hrtime.bigint() - started) / 1e6;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    throw new Error("the nag never came");
  } finally {
    await ticking;
  }
}

/** Runs the isolation benchmark; see the comment at the top of the file. */
export async function benchScheduleIsolation(): Promise<Record<string, number | string>> {
  const members = Number(process.env.ISOLATION_BENCH_MEMBERS ?? 10_000);
  const config = readConfig({ LOG_LEVEL: "silent", DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, TICK_INTERVAL_SECONDS: "3600", DEFAULT_TIMEZONE: ZONE });
  if (!config.ok) throw new Error(config.problems.join("; "));
  // Mon 2026-06-15 and Tue 2026-06-16, 08:59 and 09:00 in Shanghai (working days; the task is overdue on both).
  const runtime = await createRuntime({
    config: config.config,
    console: false,
    adapters: [adapter()],
    clock: createManualClock(new Date("2026-06-15T00:59:00Z")),
    db: { memory: true, schema: benchSchemaName("iso") },
    redisPrefix: benchRedisPrefix("isolation"),
  });
  try {
    await seed(runtime, members);
    await runtime.tick.tick(new Date("2026-06-15T00:59:00Z"));
    await runtime.settle();
    const alone = await nagDelay(runtime, new Date("2026-06-15T01:00:00Z"));
    await runtime.settle();

    await runtime.tick.tick(new Date("2026-06-16T00:59:00Z"));
    await runtime.settle();
    await runtime.database.db.updateTable("standup_configs").set({ active: true }).execute();
    const names = runtime.scheduling.schedules.map((s) => s.name);
    const nine = new Date("2026-06-16T01:00:00Z");
    const fanOutStart = process.hrtime.bigint();
    const withFanOut = await nagDelay(runtime, nine);
    while (!runtime.scheduling.runner.ranThrough(names, nine)) await new Promise((resolve) => setTimeout(resolve, 5));
    const fanOutMs = Number(process.hrtime.bigint() - fanOutStart) / 1e6;
    const prompts = await runtime.database.db.selectFrom("deliveries").select(sql<number>`count(*)`.as("n")).where("key", "like", "standup:%:prompt").executeTakeFirstOrThrow();
    return {
      bench: "schedule-isolation",
      database: runtime.database.kind,
      queue: runtime.queue.driver,
      members,
      "prompts claimed with the nag": Number(prompts.n),
      "nag delay ms, alone (baseline)": Math.round(alone),
      "nag delay ms, with the fan-out due": Math.round(withFanOut),
      "fan-out ms (the tick's schedules all done)": Math.round(fanOutMs),
      "ratio nag delay with / without fan-out": +(withFanOut / Math.max(1, alone)).toFixed(2),
      "ratio nag delay / fan-out": +(withFanOut / Math.max(1, fanOutMs)).toFixed(3),
      target: "nag delay / fan-out ≤ 0.1 (the old sequential tick: 1.0, the nag waited for the whole fan-out)",
    };
  } finally {
    await runtime.stop();
  }
}
