import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleSent } from "../../adapters/console/index.js";
import { buttonsOf } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

const to = (reply: Reply, handle: string): ConsoleSent[] => reply.messages.filter((m) => m.conversation.conversationId === `dm:${handle}`);
const textTo = (reply: Reply, handle: string) => to(reply, handle).map((m) => toPlainText(m.message)).join("\n");

/** Change control and risks through the console: raise, review, decide from the sponsor's DM, tasks, bad input. */
describe("governance: change requests and risk decisions", () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), "governance-")), LINK_SECRET: "s".repeat(40), PUBLIC_URL: "https://bot.example.com" } });
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("anyone raises a change request; the PM is asked to review it", async () => {
    const raised = await bot.as("liuyang").in("#apollo").says('change request "Add a WeChat lead source" --impact-time 5 --impact-cost 20,000 --impact-scope "Lead import and two reports"');
    expect(raised.text).toContain("CR-1");
    const pm = textTo(raised, "lina");
    expect(pm).toContain("CR-1");
    expect(pm).toContain("Add a WeChat lead source");
    const shown = await bot.as("anna").in("#apollo").says("change show CR-1");
    expect(shown.text).toContain("waiting for the PM's review");
    expect(shown.text).toContain("20000");
  });

  it("bad input is refused in the person's words, naming the option", async () => {
    expect((await bot.as("anna").dm().says('change request "x" --impact-time soon --impact-cost 1 --impact-scope y')).text).toContain("--impact-time");
    expect((await bot.as("anna").dm().says('change request "x" --impact-time 2 --impact-cost -5 --impact-scope y')).text).toContain("--impact-cost");
    expect((await bot.as("anna").dm().says('change request "x" --impact-time 2 --impact-cost 5 --impact-scope y --urgency high')).text).toContain("--urgency");
    expect((await bot.as("anna").dm().says("change show CR-99")).text).toContain("CR-99");
    expect((await bot.as("anna").dm().says("change show RX-1")).text).toContain("CR-1, CR-2");
  });

  it("the sponsor cannot decide before the PM's review; only the PM reviews", async () => {
    expect((await bot.as("wangfang").dm().says('change decide CR-1 approve "fine"')).text).toContain("CR-1 还没有经过项目经理评审");
    const refused = await bot.as("anna").dm().says('change review CR-1 recommend "ok"');
    expect(refused.text).toMatch(/project manager/);
  });

  it("the PM reviews; the sponsor approves from the DM's button and writes the reason; the requester is told", async () => {
    const reviewed = await bot.as("lina").dm().says('change review CR-1 recommend "Sales asked twice; small"');
    const sponsorDm = to(reviewed, "wangfang");
    expect(sponsorDm).toHaveLength(1);
    expect(toPlainText(sponsorDm[0]!.message)).toContain("CR-1");

    const listed = await bot.as("wangfang").dm().says("待决策");
    expect(listed.text).toContain("CR-1");

    // The DM's first button is Approve: the reason is asked for next.
    await bot.as("wangfang").dm().says("change show CR-1");
    const clicked = await bot.as("wangfang").dm().clicks(1);
    expect(clicked.text).toContain("CR-1：批准。请在下一条消息中写明决定理由");
    const decided = await bot.as("wangfang").dm().says("值得做：销售连续两次提出");
    expect(decided.text).toContain("CR-1");
    expect(textTo(decided, "liuyang")).toContain("值得做");

    const shown = await bot.as("anna").dm().says("change show CR-1");
    expect(shown.text).toContain("approved");
    expect(shown.text).toContain("值得做");
    expect((await bot.as("wangfang").dm().says("decision list")).text).not.toContain("CR-1");
  });

  it("a second decision is refused and the first stands; a non-sponsor is refused and audited", async () => {
    const second = await bot.as("wangfang").dm().says('change decide CR-1 reject "changed my mind"');
    expect(second.text).toContain("以第一次决定为准");
    const shown = await bot.as("anna").dm().says("change show CR-1");
    expect(shown.text).toContain("approved");
    expect(shown.text).not.toContain("changed my mind");

    await bot.as("liuyang").dm().says('change request "Another report" --impact-time 1 --impact-cost 0 --impact-scope "one report"');
    await bot.as("lina").dm().says("change review CR-2 defer");
    const refused = await bot.as("liuyang").dm().says('change decide CR-2 approve "I want it"');
    expect(refused.text).toContain("只有项目发起人");
    const db = bot.runtime.database.db;
    const audit = await db.selectFrom("audit_log").select(["action", "outcome"]).where("outcome", "=", "refused").execute();
    expect(audit.some((a) => a.action.startsWith("change decide"))).toBe(true);
  });

  it("an approved change makes linked tasks; a deferred or undecided one cannot", async () => {
    const made = await bot.as("lina").dm().says('change task CR-1 "Build the WeChat lead connector" --r @liuyang --due 2026-12-24');
    expect(made.text).toMatch(/T-\d+/);
    const key = /T-\d+/.exec(made.text)![0];
    expect((await bot.as("liuyang").dm().says(`task show ${key}`)).text).toContain("WeChat lead connector");
    expect((await bot.as("anna").dm().says("change show CR-1")).text).toContain(key);
    expect((await bot.as("lina").dm().says("change task CR-2")).text).toContain("CR-2 未获批准");
  });

  it("risks: escalated to the sponsor, listed as a decision with accept / mitigate, decided with a reason", async () => {
    const added = await bot.as("lina").in("#apollo").says('risk add "Key user leaves before go-live" --impact high --likelihood low --owner @zhangmin --plan "Train two backups"');
    expect(added.text).toContain("R-1");
    expect(textTo(added, "zhangmin")).toContain("R-1");
    const escalated = await bot.as("zhangmin").dm().says("risk escalate R-1");
    expect(textTo(escalated, "wangfang")).toContain("R-1");
    const listed = await bot.as("wangfang").dm().says("decision list");
    expect(listed.text).toContain("R-1");
    expect(listed.text).toContain("CR-2");
    expect((await bot.as("lina").dm().says('risk decide R-1 accept "x"')).text).toContain("只有项目发起人");
    await bot.as("wangfang").dm().says("risk decide R-1 mitigate");
    const decided = await bot.as("wangfang").dm().says("再培训一名备份用户");
    expect(textTo(decided, "zhangmin")).toContain("再培训一名备份用户");
    expect((await bot.as("wangfang").dm().says("decision list")).text).not.toContain("R-1");
    await bot.as("zhangmin").dm().says('risk close R-1 "Backups trained"');
    expect((await bot.as("wangfang").dm().says('risk decide R-1 accept "late"')).text).toContain("R-1 已关闭");
    expect((await bot.as("zhangmin").dm().says("risk review R-1")).text).toContain("R-1 已关闭");
    expect((await bot.as("anna").dm().says("risk list")).text).not.toContain("R-1");
    const all = await bot.as("anna").dm().says("risk list --all");
    expect(all.text).toContain("R-1");
    expect((await bot.as("anna").dm().says("change list")).text.indexOf("CR-2")).toBeLessThan((await bot.as("anna").dm().says("change list")).text.indexOf("CR-1"));
  });

  it("decision list also shows tasks the nag ladder escalated to the sponsor (raci's decisions)", async () => {
    const added = await bot.as("lina").dm().says('task add "Sign the data processing agreement" --r @liuyang --a @zhangmin --due 2026-11-27');
    const key = /T-\d+/.exec(added.text)![0];
    const listed = await bot.as("wangfang").dm().says("decision list");
    expect(listed.text).toContain(key);
    expect(listed.text).toContain("6 个工作日");
    expect((await bot.as("lina").dm().says("decision list")).text).not.toContain(key);
  });

  it("a decision clicked in a group takes its reason from that group; cancel decides nothing", async () => {
    await bot.as("lina").dm().says('risk add "Trainers unavailable in January" --impact medium --likelihood medium --owner @zhangmin');
    await bot.as("zhangmin").dm().says("risk escalate R-2");
    expect((await bot.as("wangfang").in("#apollo").says("risk decide R-2 accept")).text).toContain("R-2：接受");
    expect((await bot.as("wangfang").in("#apollo").says("取消")).text).toContain("已取消");
    expect((await bot.as("wangfang").dm().says("decision list")).text).toContain("R-2");
    await bot.as("wangfang").in("#apollo").says("risk decide R-2 accept");
    const decided = await bot.as("wangfang").in("#apollo").says("一月只有两次培训，可以接受");
    expect(decided.text).toContain("R-2");
    expect((await bot.as("anna").dm().says("risk show R-2")).text).toContain("一月只有两次培训，可以接受");
    expect((await bot.as("wangfang").dm().says("risk decide R-2 maybe")).text).toContain("accept");
  });

  it("decisions across projects: each button carries its project, so the right CR-1 is decided", async () => {
    await bot.as("chenwei").dm().says('project create "East CRM" --key east');
    await bot.as("chenwei").dm().says("project use east");
    for (const [who, role] of [["wangfang", "sponsor"], ["lina", "pm"], ["anna", "member"]]) await bot.as("chenwei").dm().says(`member add @${who} --role ${role}`);
    await bot.as("anna").dm().says("project use east");
    await bot.as("anna").dm().says('change request "East: one extra field" --impact-time 1 --impact-cost 0 --impact-scope "one field"');
    await bot.as("lina").dm().says("project use east");
    await bot.as("lina").dm().says('change review CR-1 recommend "tiny"');
    await bot.as("lina").dm().says("project use apollo");
    await bot.as("anna").dm().says("project use apollo");

    const listed = await bot.as("wangfang").dm().says("decision list");
    expect(listed.text).toContain("East CRM");
    const buttons = listed.messages.flatMap((m) => buttonsOf(m.message));
    const approveEast = buttons.findIndex((b) => b.command === "change decide CR-1 approve --project east");
    expect(approveEast).toBeGreaterThanOrEqual(0);
    await bot.as("wangfang").dm().clicks(approveEast + 1);
    const decided = await bot.as("wangfang").dm().says("东区需要这个字段");
    expect(decided.text).toContain("CR-1");
    const east = await bot.as("anna").dm().says("change show CR-1 --project east");
    expect(east.text).toContain("approved");
    expect(east.text).toContain("东区需要这个字段");
    expect((await bot.as("anna").dm().says("change show CR-1")).text).not.toContain("东区需要这个字段");
    expect((await bot.as("tom").dm().says("change show CR-1 --project east")).text).toContain("--project");
  });

  it("personal data: the requester's change requests and decisions are exported; erasure keeps them with the former member", async () => {
    const exported = await bot.as("wangfang").dm().says("隐私 导出 我");
    const file = /(\/\S+\.json)/.exec(exported.text)?.[1];
    expect(file).toBeDefined();
    const document = JSON.parse(readFileSync(file!, "utf8")) as { data: Record<string, Record<string, unknown>> };
    expect(JSON.stringify(document.data.governance)).toContain("值得做");

    const db = bot.runtime.database.db;
    const liuyangId = (await db.selectFrom("people").select("id").where("display_name", "=", "刘洋 Liu Yang").executeTakeFirstOrThrow()).id;
    await bot.as("chenwei").dm().says('privacy erase @liuyang --reason "已离职"');
    expect((await bot.as("chenwei").dm().says("是")).text).toContain("其数据已从所有功能中删除");
    for (const [table, column] of [["change_requests", "requested_by"], ["risk_events", "person_id"], ["risks", "owner_id"], ["meeting_items", "created_by"], ["meeting_attendance", "person_id"]] as const) {
      const found = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} = ${liuyangId}`.execute(db);
      expect({ table, n: found.rows[0]!.n }).toEqual({ table, n: 0 });
    }
    const shown = await bot.as("anna").dm().says("change show CR-1");
    expect(shown.text).toContain("approved");
    expect(shown.text).toContain("值得做");
    expect(shown.text).not.toContain("Liu Yang");
  });
});
