import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

const header = "id,occurred_at,user,type,object,record_id,required_fields,filled_fields,related_at";

/** CRM events from a CSV uploaded in chat by an admin, and from a file on the command line. */
describe("adoption import: a CSV in chat, a file on the command line", () => {
  let bot: TestBot;
  let dir: string;
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const events = async () => (await bot.runtime.database.db.selectFrom("adoption_events").select("event_id").orderBy("event_id").execute()).map((r) => r.event_id);

  beforeAll(async () => {
    bot = await createTestBot();
    dir = mkdtempSync(join(tmpdir(), "adoption-import-"));
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("an admin uploads a CSV with `adoption import`: every line checked, nothing written when one is bad", async () => {
    const bad = file("bad.csv", `${header}\ne1,2026-12-06T03:00:00Z,zhang.min@apollo.example,record_created,account,A-1,name;phone,name;phone,\ne2,2026-12-06T03:00:00Z,zhang.min@apollo.example,fax_sent,,,,,\n`);
    const refused = await bot.as("chenwei").dm().says(`:upload ${bad} adoption import`);
    expect(refused.text).toContain("没有导入任何数据：第 3 行——类型不认识");
    expect(await events()).toEqual([]);
    const good = file("good.csv", `${header}\ne1,2026-12-06T03:00:00Z,zhang.min@apollo.example,record_created,account,A-1,name;phone,name;phone,\n"e2",2026-12-06T05:00:00Z,liu.yang@apollo.example,activity_logged,visit,V-1,,,2026-12-06T02:00:00Z\n`);
    expect((await bot.as("chenwei").dm().says(`:upload ${good} adoption import`)).text).toContain("已导入 2 条新事件；没有重复。");
    expect((await bot.as("chenwei").dm().says(`:upload ${good} adoption import`)).text).toContain("已导入 0 条新事件；2 条之前已收到，已跳过。");
    expect(await events()).toEqual(["e1", "e2"]);
  });

  it("an admin maps CRM users from an uploaded CSV of crm_user,person, all or nothing", async () => {
    const bad = file("map-bad.csv", "crm_user,person\nu-1,@zhangmin\nu-2,nobody-at-all\n");
    expect((await bot.as("chenwei").dm().says(`:upload ${bad} adoption map`)).text).toContain("没有映射任何用户：第 3 行——找不到“nobody-at-all”");
    expect(await bot.runtime.database.db.selectFrom("adoption_users").select("crm_user").where("crm_user", "=", "u-1").execute()).toEqual([]);
    const good = file("map.csv", "crm_user,person\nu-1,@zhangmin\nu-2,liu.yang@apollo.example\n");
    expect((await bot.as("chenwei").dm().says(`:upload ${good} adoption map`)).text).toContain("已映射 2 个 CRM 用户。");
    expect((await bot.as("chenwei").dm().says("adoption map u-3")).text).toContain("请写明 CRM 用户和对应的人");
  });

  it("without a file it says what to attach; a member may not import", async () => {
    expect((await bot.as("chenwei").dm().says("adoption import")).text).toContain("请在消息里附上 CRM 事件的 CSV");
    expect((await bot.as("liuyang").dm().says("adoption import")).text).toContain("管理员");
  });

  it("`npm run cli -- adoption import <file> --project <key>` takes NDJSON of any length, all or nothing, and a replay adds nothing", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    const lines = Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ id: `n${i}`, occurred_at: "2026-12-06T08:00:00Z", user: "anna.schmidt@apollo.example", type: "login" }));
    const ndjson = file("events.ndjson", `${lines.join("\n")}\n`);
    expect(await runCli(["adoption", "import", ndjson, "--project", "apollo"], bot.runtime, io)).toBe(0);
    expect(out.at(-1)).toBe("imported 12000 new event(s); 0 seen before, skipped");
    expect(await runCli(["adoption", "import", ndjson, "--project", "apollo"], bot.runtime, io)).toBe(0);
    expect(out.at(-1)).toBe("imported 0 new event(s); 12000 seen before, skipped");
    const broken = file("broken.ndjson", `${lines[0]}\n{"id":"x"}\n`);
    expect(await runCli(["adoption", "import", broken, "--project", "apollo"], bot.runtime, io)).toBe(1);
    expect(err.at(-1)).toBe("nothing imported: 1 bad line(s); the first: line 2 (field occurred_at)");
    expect(await runCli(["adoption", "import", ndjson], bot.runtime, io)).toBe(2);
  }, 60_000);
});
