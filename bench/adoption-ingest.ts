import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { createTokenStore } from "../src/adoption/tokens.js";
import { readConfig } from "../src/config.js";
import { createRuntime } from "../src/main.js";
import { benchSchemaName } from "./run-names.js";

/**
 * Issue #18's ingest target: EVENTS CRM usage events (default 200,000; BENCH_ADOPTION_EVENTS=1000000 for the issue's
 * month of a mid-size roll-out) from 2,000 users, posted to `POST /adoption/events` in batches of 5,000 (NDJSON), with
 * every rule applied (mapping, completeness, caps, first-record bonus, 24 h reversal). Baseline in the same run: a plain
 * multi-row INSERT of the same rows, in the same batches, into a copy of adoption_events (columns, keys, indexes,
 * foreign keys) on the same Postgres. Target: ingest within 3× of the baseline; a replay of every batch adds no event and no point.
 */
const USERS = 2_000;
const BATCH = 5_000;
const TYPES = ["record_created", "record_updated", "activity_logged", "login", "report_generated", "record_deleted"] as const;
const OBJECTS = ["lead", "account", "contact", "opportunity", "quote", "visit"] as const;

function eventAt(i: number, start: number) {
  const type = TYPES[i % 7 === 6 ? 5 : i % 5]!;
  const object = OBJECTS[(i >> 3) % OBJECTS.length]!;
  const at = new Date(start + i * 2_600); // a month of events, in order
  const complete = i % 9 !== 0;
  return {
    id: `ev-${i}`,
    occurred_at: at.toISOString(),
    user: `user${i % USERS}@bench.example`,
    type,
    object: type === "login" || type === "report_generated" ? null : object,
    record_id: type === "login" || type === "report_generated" ? null : `${object}-${type === "record_deleted" ? i - 7 : (i >> 1)}`,
    required_fields: ["name", "phone"],
    filled_fields: complete ? ["name", "phone"] : ["name"],
    ...(type === "activity_logged" ? { related_at: new Date(at.getTime() - (i % 11 === 0 ? 30 : 2) * 3_600_000).toISOString() } : {}),
  };
}

export async function benchAdoptionIngest(): Promise<Record<string, number | string>> {
  if (!process.env.DATABASE_URL) return { bench: "adoption-ingest", skipped: "needs DATABASE_URL (Postgres)" };
  const total = Number(process.env.BENCH_ADOPTION_EVENTS ?? 200_000);
  const config = readConfig({ LOG_LEVEL: "silent", DATABASE_URL: process.env.DATABASE_URL, PORT: "0", HOST: "127.0.0.1", DEMO_SEED: "true" });
  if (!config.ok) throw new Error(config.problems.join("; "));
  const runtime = await createRuntime({ config: config.config, console: { print: () => undefined }, db: { memory: true, schema: benchSchemaName("adoption") } });
  const db = runtime.database.db;
  try {
    const http = await runtime.startHttp();
    const url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}/adoption/events`;
    const project = (await sql<{ id: number; tenant_id: number }>`select id, tenant_id from projects order by id limit 1`.execute(db)).rows[0]!;
    const { token } = await createTokenStore(db).create({ tenantId: project.tenant_id, projectId: project.id, name: "bench", by: null, at: new Date() });
    const start = Date.parse("2026-11-01T00:00:00Z");
    // Every request body is built before the clock starts, and so is the baseline's columns.
    const bodies: string[] = [];
    for (let from = 0; from < total; from += BATCH) {
      const lines: string[] = [];
      for (let i = from; i < Math.min(total, from + BATCH); i++) lines.push(JSON.stringify(eventAt(i, start)));
      bodies.push(lines.join("\n"));
    }
    const post = async (body: string) => {
      const res = await fetch(url, { method: "POST", body, headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" } });
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { added: number; duplicates: number };
    };

    // The same table as adoption_events: columns, keys, indexes and its foreign keys to tenants and projects.
    await sql`create table bench_plain_events (like adoption_events including all)`.execute(db);
    await sql`alter table bench_plain_events add foreign key (tenant_id) references tenants (id) on delete cascade, add foreign key (project_id) references projects (id) on delete cascade`.execute(db);
    const plainStarted = performance.now();
    for (let from = 0; from < total; from += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, total - from) }, (_, k) => eventAt(from + k, start));
      await sql`
        insert into bench_plain_events (tenant_id, event_id, project_id, occurred_at, crm_user, type, object, record_id, complete, related_at, day)
        select ${project.tenant_id}, u.id, ${project.id}, u.at, u.usr, u.type, u.object, u.record_id, u.complete, u.related_at, (u.at at time zone 'Asia/Shanghai')::date
        from unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.occurred_at)}::timestamptz[], ${rows.map((r) => r.user)}::text[],
          ${rows.map((r) => r.type)}::text[], ${rows.map((r) => r.object)}::text[], ${rows.map((r) => r.record_id)}::text[],
          ${rows.map((r) => r.filled_fields.length === 2)}::boolean[], ${rows.map((r) => r.related_at ?? null)}::timestamptz[])
          as u(id, at, usr, type, object, record_id, complete, related_at)`.execute(db);
    }
    const plainMs = performance.now() - plainStarted;

    const ingestStarted = performance.now();
    let added = 0;
    for (const body of bodies) added += (await post(body)).added;
    const ingestMs = performance.now() - ingestStarted;
    const points = async () => Number((await sql<{ n: string }>`select coalesce(sum(points), 0) as n from adoption_points`.execute(db)).rows[0]!.n);
    const pointsAfterIngest = await points();

    const replayStarted = performance.now();
    let replayAdded = 0;
    for (const body of bodies) replayAdded += (await post(body)).added;
    const replayMs = performance.now() - replayStarted;
    const pointsAfterReplay = await points();
    const ratio = ingestMs / plainMs;
    return {
      bench: "adoption-ingest",
      events: total,
      users: USERS,
      "batch size": BATCH,
      "plain insert ms (baseline)": Math.round(plainMs),
      "ingest over HTTP ms": Math.round(ingestMs),
      "events added": added,
      "points awarded": pointsAfterIngest,
      "ratio ingest / plain insert": Math.round(ratio * 100) / 100,
      "meets ≤ 3×": ratio <= 3 ? "yes" : "no",
      "replay ms": Math.round(replayMs),
      "replay added events": replayAdded,
      "replay added points": pointsAfterReplay - pointsAfterIngest,
      "meets replay adds nothing": replayAdded === 0 && pointsAfterReplay === pointsAfterIngest ? "yes" : "no",
    };
  } finally {
    await runtime.stop();
  }
}
