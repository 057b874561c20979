import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleSent } from "../../adapters/console/index.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { defineFeature } from "../../src/feature/define.js";
import { features } from "../../src/features.js";
import type { GovernanceReads } from "../../src/governance/feature.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

const to = (reply: Reply, where: string): ConsoleSent[] => reply.messages.filter((m) => m.conversation.conversationId === where);
const textTo = (reply: Reply, where: string) => to(reply, where).map((m) => toPlainText(m.message)).join("\n");

/**
 * A month of governance on the demo project (Asia/Shanghai, work starts 09:00): risks raised and reviewed, the
 * two-week review reminder, the weekly meeting's agenda an hour before, actions that become tasks and ride the
 * nag ladder.
 */
describe("governance: a month of risks and weekly meetings", () => {
  let bot: TestBot;
  let reads: GovernanceReads;

  beforeAll(async () => {
    // A later feature (the sponsor digest, say) sees governance only through its read API.
    const digest = defineFeature({
      name: "digest-probe",
      build(deps) {
        reads = deps.reads.get<GovernanceReads>("governance");
        return {};
      },
    });
    bot = await createTestBot({ features: [...features, digest] });
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("week 1: risks are raised and listed by exposure", async () => {
    await bot.as("lina").in("#apollo").says('risk add "Key user leaves before go-live" --impact high --likelihood medium --owner @zhangmin --plan "Train two backups"');
    await bot.as("liuyang").in("#apollo").says('风险 添加 “线索数据迁移失败” --impact high --likelihood high --plan “切换前演练两次”');
    await bot.as("lina").in("#apollo").says('risk add "Users resist the new CRM" --impact low --likelihood low');
    const list = await bot.as("anna").dm().says("risk list");
    const order = ["R-2", "R-1", "R-3"].map((k) => list.text.indexOf(k));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(list.text).toContain("exposure 9");
  });

  it("bad input: out-of-range impact, unknown keys and options, an unknown owner", async () => {
    expect((await bot.as("anna").dm().says('risk add "x" --impact 5 --likelihood low')).text).toContain("--impact must be high, medium or low");
    expect((await bot.as("anna").dm().says('risk add "x" --impact high --likelihood sometimes')).text).toContain("--likelihood must be high, medium or low");
    expect((await bot.as("anna").dm().says("risk show R-42")).text).toContain("There is no risk R-42");
    expect((await bot.as("anna").dm().says("risk show banana")).text).toContain("is not a risk key");
    expect((await bot.as("anna").dm().says('risk add "x" --impact high --likelihood low --severity high')).text).toContain("--severity");
    expect((await bot.as("anna").dm().says('risk add "x" --impact high --likelihood low --owner @nobody')).text).toContain("--owner");
  });

  it("week 1: the owner reviews and updates; updating counts as a review", async () => {
    await bot.line(":clock 2026-12-09T03:00:00Z");
    expect((await bot.as("liuyang").dm().says('risk review R-2 "First dry run passed"')).text).toContain("R-2");
    const updated = await bot.as("anna").dm().says("risk update R-2 --likelihood low");
    expect(updated.text).toContain("Only R-2's owner");
    const byPm = await bot.as("lina").dm().says('risk update R-3 --plan "Key users demo each Friday"');
    expect(byPm.text).toContain("Key users demo each Friday");
    const shown = await bot.as("anna").dm().says("risk show R-2");
    expect(shown.text).toContain("First dry run passed");
    expect(shown.text).toContain("2026-12-09");
  });

  it("after two working weeks without review, the owner is reminded at their work start, once", async () => {
    const friday = await bot.line(":clock 2026-12-18T02:00:00Z");
    expect(textTo(friday, "dm:zhangmin")).not.toContain("R-1");
    const monday = await bot.line(":clock 2026-12-21T01:30:00Z");
    const reminder = textTo(monday, "dm:zhangmin");
    expect(reminder).toContain("R-1");
    expect(reminder).toContain("10");
    // R-2 was reviewed on the 9th and R-3 updated on the 9th: eight working days, no reminder.
    expect(textTo(monday, "dm:liuyang")).not.toContain("R-2");
    expect(textTo(monday, "dm:lina")).not.toContain("R-3");
    expect((await bot.as("anna").dm().says("risk list")).text).toContain("not reviewed for two weeks");
    const project = await bot.runtime.database.db.selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    const read = await reads.risks(project.tenant_id, project.id);
    expect(read.open.map((r) => [r.key, r.exposure])).toEqual([["R-2", 9], ["R-1", 6], ["R-3", 1]]);
    expect(read.unreviewed).toBe(1);
    const again = await bot.line(":clock 2026-12-22T01:30:00Z");
    expect(textTo(again, "dm:zhangmin")).not.toContain("R-1");
    await bot.as("zhangmin").dm().clicks(1);
    expect((await bot.as("anna").dm().says("risk list")).text).not.toContain("not reviewed for two weeks");
  });

  it("a materialised risk becomes a RACI task for its owner", async () => {
    const made = await bot.as("liuyang").dm().says('risk task R-2 "Third migration dry run" --due 2026-12-24');
    const key = /T-\d+/.exec(made.text)?.[0];
    expect(key).toBeDefined();
    expect((await bot.as("liuyang").dm().says(`task show ${key}`)).text).toContain("Third migration dry run");
    expect((await bot.as("anna").dm().says("risk show R-2")).text).toContain(key!);
  });

  it("week 3: the PM sets up the weekly meeting; an overdue task, a blocker and a change request wait", async () => {
    const set = await bot.as("lina").in("#apollo").says("meeting setup --weekday wed --time 10:00 --group here");
    expect(set.text).toContain("2026-12-23");
    expect(set.text).toContain("09:00");
    expect(set.text).not.toContain("不是工作日");
    expect((await bot.as("liuyang").in("#apollo").says("meeting setup --weekday wed --time 10:00 --group here")).text).toMatch(/项目经理/);
    expect((await bot.as("lina").dm().says("meeting setup --weekday someday --time 10:00 --group #apollo")).text).toContain("--weekday");
    expect((await bot.as("lina").dm().says("meeting setup --weekday wed --time 25:00 --group #apollo")).text).toContain("--time");
    expect((await bot.as("lina").dm().says("meeting setup --weekday wed --time 10:00 --group here")).text).toContain("--group");

    await bot.as("lina").dm().says('task add "Load the price lists" --r @liuyang --a @zhangmin --due 2026-12-15');
    const blocked = await bot.as("lina").dm().says('task add "Connect the ERP" --r @liuyang --due 2026-12-30');
    const erp = /T-\d+/.exec(blocked.text)![0];
    await bot.as("liuyang").dm().says(`task status ${erp} blocked --note "waiting for ERP credentials"`);
    await bot.as("liuyang").dm().says('change request "Add a WeChat lead source" --impact-time 5 --impact-cost 20000 --impact-scope "Lead import"');
    await bot.as("lina").dm().says('change review CR-1 defer "Phase 2"');
    const project = await bot.runtime.database.db.selectFrom("projects").select("id").where("key", "=", "apollo").executeTakeFirstOrThrow();
    expect((await reads.changesAwaitingDecision(project.id)).map((c) => [c.key, c.status])).toEqual([["CR-1", "reviewed"]]);
  });

  it("Wednesday: the agenda is posted to the group one hour before the meeting", async () => {
    const early = await bot.line(":clock 2026-12-23T00:50:00Z");
    expect(to(early, "#apollo")).toHaveLength(0);
    const posted = await bot.line(":clock 2026-12-23T01:05:00Z");
    const agenda = textTo(posted, "#apollo");
    if (process.env.SHOW) console.log(agenda);
    expect(agenda).toContain("议程");
    expect(agenda).toContain("Load the price lists");
    expect(agenda).toContain("张敏 Zhang Min");
    expect(agenda).toContain("waiting for ERP credentials");
    expect(agenda).toContain("R-2");
    expect(agenda).toContain("CR-1");
    expect(agenda.indexOf("R-2")).toBeLessThan(agenda.indexOf("R-1"));
    const again = await bot.line(":clock 2026-12-23T01:30:00Z");
    expect(to(again, "#apollo")).toHaveLength(0);
  });

  it("in the meeting: actions become tasks, a decision is recorded, attendance by button, minutes to the group", async () => {
    await bot.line(":clock 2026-12-23T02:15:00Z");
    const attended = await bot.as("anna").in("#apollo").clicks(1);
    expect(attended.text).toContain("2026-12-23");
    const action = await bot.as("lina").in("#apollo").says('meeting action "Confirm the cut-over weekend with IT" --r @liuyang --due 2026-12-24');
    const key = /T-\d+/.exec(action.text)![0];
    expect((await bot.as("liuyang").dm().says(`task show ${key}`)).text).toContain("Confirm the cut-over weekend with IT");
    await bot.as("wangfang").in("#apollo").says('meeting decision "Go-live stays on 2027-01-18"');
    await bot.as("liuyang").in("#apollo").says("例会 签到");
    expect((await bot.as("lina").in("#apollo").says('meeting action "x" --r @nobody')).text).toContain("--r");
    const notes = await bot.as("lina").dm().says("meeting notes");
    const minutes = textTo(notes, "#apollo");
    if (process.env.SHOW) console.log(minutes);
    expect(minutes).toContain("会议纪要");
    expect(minutes).toContain(`${key} Confirm the cut-over weekend with IT — 刘洋 Liu Yang，截止 2026-12-24`);
    expect(minutes).toContain("Go-live stays on 2027-01-18");
    expect(minutes).toContain("Anna Schmidt");
    expect(minutes).toContain("刘洋 Liu Yang");
  });

  it("the meeting's action rides the nag ladder once overdue", async () => {
    const friday = await bot.line(":clock 2026-12-25T01:30:00Z");
    const action = (await bot.as("liuyang").dm().says("task list")).text;
    const key = /T-\d+(?=[^\n]*Confirm the cut-over)/.exec(action)?.[0];
    expect(key).toBeDefined();
    expect(textTo(friday, "dm:liuyang")).toContain(key!);
  });

  it("a meeting on a holiday: setup tells, and the agenda is replaced by a note", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "gov-")), "cn.json");
    const cn = JSON.parse(readFileSync("calendars/cn.json", "utf8")) as { years: Record<string, unknown> };
    cn.years["2027"] = { holidays: [{ from: "2027-01-01", to: "2027-01-03", name: "元旦" }], workdays: [] };
    writeFileSync(file, JSON.stringify(cn));
    await bot.line(":clock 2026-12-25T03:00:00Z");
    await bot.as("chenwei").dm().says(`calendar import ${file}`);
    const set = await bot.as("lina").in("#apollo").says("meeting setup --weekday fri --time 10:00 --group #apollo");
    expect(set.text).toContain("2027-01-01");
    expect(set.text).toContain("元旦");
    const holiday = await bot.line(":clock 2027-01-01T01:30:00Z");
    const note = textTo(holiday, "#apollo");
    expect(note).toContain("不开周例会");
    expect(note).not.toContain("议程：");
  });
});
