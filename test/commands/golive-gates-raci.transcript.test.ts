import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** Gate items made through RACI: `task add … --gate <category>` and a gate column in a RACI CSV; done asks for evidence. */
describe("go-live gate items from RACI", () => {
  let bot: TestBot;
  let dir = "";
  beforeAll(async () => {
    bot = await createTestBot();
    dir = await mkdtemp(join(tmpdir(), "golive-raci-"));
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  const gateRows = () => bot.runtime.database.db.selectFrom("golive_gates").innerJoin("tasks", "tasks.id", "golive_gates.task_id").select(["tasks.key", "tasks.title", "golive_gates.category"]).orderBy("tasks.number").execute();

  it("task add --gate makes a gate item in the checklist; a word that is no category is refused in the person's words", async () => {
    const bad = await bot.as("lina").dm().says('task add "Leads counted" --r @liuyang --gate finance');
    expect(bad.text).toContain("finance");
    expect(bad.text).toContain("--gate");
    expect(await gateRows()).toEqual([]);

    const added = await bot.as("lina").dm().says('task add "Leads counted" --r @liuyang --gate 数据 --due 2026-12-18');
    const key = /T-\d+/.exec(added.text)![0];
    expect(added.text).toMatch(/gate item|关卡项/);
    expect(await gateRows()).toEqual([{ key, title: "Leads counted", category: "data" }]);
    const card = await bot.as("anna").dm().says("golive checklist");
    expect(card.text).toContain("0 of 1 ticked");
    expect(card.text).toMatch(/Leads counted — 刘洋 Liu Yang · due 2026-12-18/);

    // An ordinary task stays out of the checklist.
    await bot.as("lina").dm().says('task add "Order cake" --r @liuyang');
    expect(await gateRows()).toHaveLength(1);
  });

  it("done on a gate item made with --gate asks for evidence; evidence ticks it", async () => {
    const [gate] = await gateRows();
    const done = await bot.as("liuyang").dm().says(`task done ${gate!.key}`);
    expect(done.text).toContain(`golive evidence ${gate!.key}`);
    await bot.as("liuyang").dm().says(`golive evidence ${gate!.key} --note "before/after: 120,431 / 120,431"`);
    expect((await bot.as("anna").dm().says("golive checklist")).text).toContain("1 of 1 ticked");
  });

  it("a RACI CSV with a gate column creates gate items, moves an existing task into the checklist, and refuses a bad category by line", async () => {
    const bad = join(dir, "bad.csv");
    await writeFile(bad, "title,R,A,gate\nUAT sign-off,liuyang,lina,uat\nBudget approved,liuyang,lina,finance\n");
    const refused = await bot.as("lina").dm().says(`raci import ${bad}`);
    expect(refused.text).toContain("finance");
    expect(refused.text).toMatch(/line 3|第 3 行/);
    expect(await gateRows()).toHaveLength(1);

    const cake = (await bot.runtime.database.db.selectFrom("tasks").select("key").where("title", "=", "Order cake").executeTakeFirstOrThrow()).key;
    const good = join(dir, "good.csv");
    await writeFile(good, `key,title,R,A,关卡\n,UAT sign-off,liuyang,lina,uat\n,Knowledge base published,liuyang,lina,培训\n,Print posters,liuyang,lina,\n${cake},Order cake,liuyang,lina,comms\n`);
    const dry = await bot.as("lina").dm().says(`raci import ${good} --dry-run`);
    expect(dry.text).toContain("gate: — → comms");
    expect(await gateRows()).toHaveLength(1);
    await bot.as("lina").dm().says(`raci import ${good}`);
    const rows = await gateRows();
    expect(rows.map((r) => [r.title, r.category])).toEqual([
      ["Leads counted", "data"],
      ["Order cake", "comms"],
      ["UAT sign-off", "uat"],
      ["Knowledge base published", "training"],
    ]);
    const card = await bot.as("anna").dm().says("golive checklist");
    expect(card.text).toContain("1 of 4 ticked");
    expect(card.text).not.toContain("Print posters");

    // The same file again changes nothing.
    const again = await bot.as("lina").dm().says(`raci import ${good} --dry-run`);
    expect(again.text).not.toContain("gate:");
  });
});
