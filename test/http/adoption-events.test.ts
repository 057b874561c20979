import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

const ev = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  occurred_at: "2026-12-07T02:00:00Z",
  user: "zhang.min@apollo.example",
  type: "record_created",
  object: "account",
  record_id: `acc-${id}`,
  required_fields: ["name", "phone"],
  filled_fields: ["name", "phone", "address"],
  ...extra,
});

/** `POST /adoption/events`: a project's token, limits, bad lines, partial batches and replays. */
describe("the adoption events endpoint", () => {
  let bot: TestBot;
  let url: string;
  let token: string;

  const post = (body: string | Buffer, opts: { token?: string | null; query?: string } = {}) =>
    fetch(`${url}/adoption/events${opts.query ?? ""}`, {
      method: "POST",
      body,
      headers: opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? token}`, "content-type": "application/json" },
    });
  const db = () => bot.runtime.database.db;
  const count = async (table: "adoption_events" | "adoption_points") => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]!.n);
  const total = async () => Number((await sql<{ n: number }>`select coalesce(sum(points), 0)::int as n from adoption_points`.execute(db())).rows[0]!.n);

  beforeAll(async () => {
    bot = await createTestBot({ env: { PORT: "0", HOST: "127.0.0.1" } });
    const http = await bot.runtime.startHttp();
    url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
    await bot.line(":clock 2026-12-07T10:00:00Z");
    const made = await bot.as("chenwei").dm().says('adoption token create "CRM sync"');
    token = /(rba_[A-Za-z0-9_-]+)/.exec(made.text)?.[1] ?? "";
    expect(token).not.toBe("");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("refuses a missing or wrong token with 401 and writes nothing", async () => {
    expect((await post(JSON.stringify([ev("1")]), { token: null })).status).toBe(401);
    expect((await post(JSON.stringify([ev("1")]), { token: "rba_not-a-real-token-at-all-xxxx" })).status).toBe(401);
    expect(await count("adoption_events")).toBe(0);
  });

  it("takes a JSON array, and a replay of the whole batch adds no events and no points", async () => {
    const batch = JSON.stringify([ev("1"), ev("2"), ev("3", { type: "login", object: null, record_id: null })]);
    const first = await post(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ received: 3, added: 3, duplicates: 0, rejected: [] });
    const points = await total();
    // two complete accounts (3 each) and the first-account bonus (5) once
    expect(points).toBe(11);
    const again = await post(batch);
    expect(await again.json()).toMatchObject({ received: 3, added: 0, duplicates: 3 });
    expect(await total()).toBe(points);
  });

  it("takes NDJSON too", async () => {
    const res = await post(`${JSON.stringify(ev("4"))}\n\n${JSON.stringify(ev("5", { type: "report_generated", object: null, record_id: null }))}\n`);
    expect(await res.json()).toMatchObject({ added: 2 });
  });

  it("refuses a batch with a bad line with 400 naming the first one, and writes nothing", async () => {
    const before = await count("adoption_events");
    const lines = [JSON.stringify(ev("6")), "{not json", JSON.stringify(ev("7", { type: "fax_sent" })), JSON.stringify(ev("8", { occurred_at: "2027-06-01T00:00:00Z" }))].join("\n");
    const res = await post(lines);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ line: 2, error: "line 2: not JSON" });
    expect(await count("adoption_events")).toBe(before);
  });

  it("with ?partial=true keeps the good lines and lists the bad ones (unknown type, far future)", async () => {
    const lines = [JSON.stringify(ev("6")), "{not json", JSON.stringify(ev("7", { type: "fax_sent" })), JSON.stringify(ev("8", { occurred_at: "2027-06-01T00:00:00Z" })), JSON.stringify(ev("9", { user: "" }))].join("\n");
    const res = await post(lines, { query: "?partial=true" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      added: 1,
      rejected: [
        { line: 2, error: "not JSON" },
        { line: 3, error: "unknown type" },
        { line: 4, error: "occurred_at is in the future" },
        { line: 5, error: "bad or missing user" },
      ],
    });
  });

  it("refuses more than 10,000 events or more than 5 MiB with 413", async () => {
    const many = JSON.stringify(Array.from({ length: 10_001 }, (_, i) => ({ id: `m${i}` })));
    expect((await post(many)).status).toBe(413);
    expect((await post(Buffer.alloc(5 * 1024 * 1024 + 1, 32))).status).toBe(413);
  });

  it("takes 10,000 events in one request", async () => {
    const batch = Array.from({ length: 10_000 }, (_, i) => ev(`big-${i}`, { type: "record_updated", object: "contact", record_id: `c-${i % 500}`, user: `crm-${i % 40}` }));
    const res = await post(JSON.stringify(batch));
    expect(await res.json()).toMatchObject({ added: 10_000 });
    // Once per record per day, at most 10 a day per user: 40 users × 10.
    const capped = await sql<{ n: number }>`select count(*)::int as n from adoption_points where kind = 'record_updated'`.execute(db());
    expect(capped.rows[0]!.n).toBe(400);
  });

  it("a revoked token gets 401 and writes nothing", async () => {
    await bot.as("chenwei").dm().says("adoption token revoke 1");
    await bot.as("chenwei").dm().says("yes");
    const before = await count("adoption_events");
    expect((await post(JSON.stringify([ev("after-revoke")]))).status).toBe(401);
    expect(await count("adoption_events")).toBe(before);
    expect((await bot.as("chenwei").dm().says("adoption token list")).text).toContain("2026-12-07 · 最近使用 2026-12-07 10:00 · 已吊销");
  });
});
