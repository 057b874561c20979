import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** The readiness checklist: the default template, a gate item added, done without evidence, evidence given. */
describe("go-live readiness checklist", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("only the PM loads the template; it loads once, with bilingual titles and data checks as items of their own", async () => {
    expect((await bot.as("liuyang").dm().says("golive template")).text).toContain("项目经理");
    const loaded = await bot.as("lina").dm().says("golive template");
    expect(loaded.text).toContain("14");
    expect((await bot.as("lina").dm().says("golive template")).text).toContain("golive gate add");
    const card = await bot.as("anna").dm().says("golive checklist");
    expect(card.text).toContain("0 of 14 ticked");
    expect(card.text).toContain("Data ░░░░░░░░░░ 0/4");
    expect(card.text).toContain("最终数据迁移完成 / Final data migration done");
    expect(card.text).toContain("迁移前后记录数一致 / Record counts match before/after migration");
  });

  it("a gate item added with a category; bad category and bad date are refused in the person's words", async () => {
    const bad = await bot.as("lina").dm().says('golive gate add "Leads counted" --category finance --r @liuyang');
    expect(bad.text).toContain("--category 数据");
    const badDate = await bot.as("lina").dm().says('golive gate add "Leads counted" --category data --r @liuyang --due someday');
    expect(badDate.text).toContain("someday");
    const added = await bot.as("lina").dm().says('golive gate add "Leads counted" --category 数据 --r @liuyang --a @lina --due 2026-12-18');
    expect(added.text).toMatch(/T-\d+/);
    const card = await bot.as("anna").dm().says("golive checklist");
    expect(card.text).toContain("Data ░░░░░░░░░░ 0/5");
    expect(card.text).toMatch(/Leads counted — 刘洋 Liu Yang · due 2026-12-18/);
  });

  it("done without evidence is not ticked and asks for it; evidence ticks it", async () => {
    const key = /T-\d+/.exec((await bot.as("anna").dm().says("golive checklist")).text.split("Leads counted")[0]!.split("\n").at(-1)!)![0];
    const done = await bot.as("liuyang").dm().says(`task done ${key}`);
    expect(done.text).toContain(`golive evidence ${key}`);
    let card = await bot.as("anna").dm().says("上线清单");
    expect(card.text).toContain(`${key} Leads counted — done, evidence missing`);
    const given = await bot.as("liuyang").dm().says(`golive evidence ${key} --note "before/after: 120,431 / 120,431"`);
    expect(given.text).toContain(key);
    card = await bot.as("anna").dm().says("golive checklist");
    expect(card.text).toContain("1 of 15 ticked");
    expect(card.text).not.toContain(`${key} Leads counted`);
    expect((await bot.as("anna").dm().says("golive evidence T-999 x")).text).toContain("T-999");
    expect((await bot.as("anna").dm().says("golive evidence T-1")).text).toContain("send the file");
    const withFile = await bot.as("lina").dm().says(":upload examples/raci-apollo.csv golive evidence T-1");
    expect(withFile.text).toContain("T-1");
    expect(await bot.runtime.database.db.selectFrom("golive_gates").select("evidence").where("evidence", "like", "%raci-apollo.csv%").execute()).toHaveLength(1);
  });
});
