import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { prepared } from "../../src/db/prepared.js";

type Notes = {
  notes: { key: string; body: string; seen: number; at: Date | null };
};

describe("prepared statements (compiled once, arguments put in place per call)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({});
    await sql`create table notes (key text primary key, body text not null, seen int not null default 0, at timestamptz)`.execute(handle.db);
  });
  afterAll(() => handle.close());

  it("each call runs with its own arguments, an argument used twice included, constants kept", async () => {
    const db = handle.db.withTables<Notes>();
    const upsert = prepared(handle.db, (key: string, body: string) =>
      db
        .insertInto("notes")
        .values({ key, body, seen: 1 })
        .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ body, seen: eb("notes.seen", "+", 1) })))
        .returning(["key", "body", "seen"]),
    );
    expect((await upsert("a", "first")).rows).toEqual([{ key: "a", body: "first", seen: 1 }]);
    expect((await upsert("b", "other")).rows).toEqual([{ key: "b", body: "other", seen: 1 }]);
    expect((await upsert("a", "second")).rows).toEqual([{ key: "a", body: "second", seen: 2 }]);
    const at = new Date("2026-12-06T03:00:00Z");
    const stamp = prepared(handle.db, (key: string, when: Date | null) => db.updateTable("notes").set({ at: when }).where("key", "=", key).returning("at"));
    expect((await stamp("b", at)).rows).toEqual([{ at }]);
    expect((await stamp("b", null)).rows).toEqual([{ at: null }]);
    expect((await stamp("zzz", at)).rows).toEqual([]);
  });

  it("refuses a statement where an argument is not one parameter (an array expanded for `in`)", async () => {
    const db = handle.db.withTables<Notes>();
    const ignoresArgument = prepared(handle.db, (_key: string) => db.selectFrom("notes").select("key").where("key", "=", "a"));
    await expect(ignoresArgument("a")).rejects.toThrow(/argument 0 is not a parameter/);
    const inList = prepared(handle.db, (keys: string[]) => db.selectFrom("notes").select("key").where("key", "in", keys));
    await expect(inList(["a"])).rejects.toThrow(/an array argument/);
  });
});
