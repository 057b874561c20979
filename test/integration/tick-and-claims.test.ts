import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimOnce } from "../../src/schedule/claims.js";
import { CLAIM_RETENTION_MS, MAX_CATCH_UP_MS, type Schedule, type TickWindow } from "../../src/schedule/tick.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

describe("the tick and occurrence claims", () => {
  const windows: TickWindow[] = [];
  const fired: string[] = [];
  let bot: TestBot;

  // A schedule like the stand-up's: once per day at 09:00 UTC, claimed by a unique key.
  const daily: Schedule = {
    name: "daily-test",
    async run(window) {
      windows.push(window);
      const day = new Date(window.from);
      day.setUTCHours(9, 0, 0, 0);
      if (day <= window.from) day.setUTCDate(day.getUTCDate() + 1);
      for (; day <= window.to; day.setUTCDate(day.getUTCDate() + 1)) {
        const key = `daily:${day.toISOString().slice(0, 10)}`;
        if (await claimOnce(bot.runtime.database.db, key)) fired.push(key);
      }
    },
  };

  beforeAll(async () => {
    bot = await createTestBot({ schedules: [daily], seed: false });
  });
  afterAll(async () => {
    await bot.close();
  });

  it("claims an occurrence once, whoever asks and however often", async () => {
    const db = bot.runtime.database.db;
    const results = await Promise.all(Array.from({ length: 8 }, () => claimOnce(db, "standup:1:2:2026-12-01")));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await claimOnce(db, "standup:1:2:2026-12-01")).toBe(false);
    expect(await claimOnce(db, "standup:1:2:2026-12-02")).toBe(true);
  });

  it("covers (last tick, now] so that consecutive ticks neither miss nor repeat a moment", async () => {
    await bot.line(":clock 2026-12-01T08:59:00Z");
    await bot.line(":clock 2026-12-01T09:00:00Z");
    await bot.line(":clock 2026-12-01T09:01:00Z");
    const last = windows.slice(-2);
    expect(last[0]?.from.toISOString()).toBe("2026-12-01T08:59:00.000Z");
    expect(last[0]?.to.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(last[1]?.from.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(fired).toEqual(["daily:2026-12-01"]);
  });

  it("a replayed tick for the same moment fires nothing again", async () => {
    await bot.runtime.tick.tick(new Date("2026-12-01T09:00:00Z"));
    await bot.runtime.tick.tick(new Date("2026-12-01T09:01:00Z"));
    expect(fired).toEqual(["daily:2026-12-01"]);
  });

  it("after downtime it catches up at most MAX_CATCH_UP_MS, each day once", async () => {
    await bot.line(":clock 2026-12-04T12:00:00Z");
    const window = windows.at(-1);
    expect(window && window.to.getTime() - window.from.getTime()).toBe(MAX_CATCH_UP_MS);
    // 09:00 on the 4th is within the last six hours; the 2nd and 3rd are skipped, not sent days late.
    expect(fired).toEqual(["daily:2026-12-01", "daily:2026-12-04"]);
    await bot.line(":clock 2026-12-05T09:30:00Z");
    expect(fired).toEqual(["daily:2026-12-01", "daily:2026-12-04", "daily:2026-12-05"]);
  });

  it("forgets claims older than the retention once a day, and keeps recent ones", async () => {
    const db = bot.runtime.database.db;
    const old = new Date(Date.now() - CLAIM_RETENTION_MS - 60_000);
    await db.insertInto("claims").values([{ key: "old:claim", claimed_at: old }, { key: "recent:claim" }]).execute();
    await bot.line(":clock 2026-12-05T12:00:00Z");
    expect(await db.selectFrom("claims").select("key").where("key", "=", "old:claim").executeTakeFirst()).toBeDefined();
    await bot.line(":clock 2026-12-06T00:01:00Z");
    expect(await db.selectFrom("claims").select("key").where("key", "=", "old:claim").executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom("claims").select("key").where("key", "=", "recent:claim").executeTakeFirst()).toBeDefined();
  });
});
