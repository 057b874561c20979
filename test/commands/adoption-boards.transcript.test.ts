import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEvent, type UsageEvent } from "../../src/adoption/events.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

const created = (id: string, user: string, object: string, at: string): UsageEvent => {
  const read = readEvent({ id, occurred_at: at, user, type: "record_created", object, record_id: id, required_fields: ["name"], filled_fields: ["name"] }, new Date("2027-01-01T00:00:00Z"));
  if ("reason" in read) throw new Error(read.reason);
  return read;
};
const visit = (id: string, user: string, at: string): UsageEvent => {
  const read = readEvent({ id, occurred_at: at, related_at: at, user, type: "activity_logged", object: "visit", record_id: id }, new Date("2027-01-01T00:00:00Z"));
  if ("reason" in read) throw new Error(read.reason);
  return read;
};

/** Boards, one's own points, opting out, test mode, and the weekly recognition post in each team's group. */
describe("adoption boards through the console", () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-09T02:00:00Z");
    await bot.as("lina").dm().says("help");
    const project = await bot.runtime.database.db.selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    const zm = "zhang.min@apollo.example";
    const ly = "liu.yang@apollo.example";
    await bot.runtime.services.adoption.ingest(project.tenant_id, project.id, [
      // last week
      created("A-100", ly, "account", "2026-12-02T03:00:00Z"),
      created("C-100", zm, "contact", "2026-12-02T03:00:00Z"),
      // this week
      ...["A-1", "A-2", "A-3", "A-4"].map((id) => created(id, zm, "account", "2026-12-08T03:00:00Z")),
      ...["C-1", "C-2", "C-3"].map((id) => created(id, ly, "contact", "2026-12-08T04:00:00Z")),
      visit("V-1", "anna.schmidt@apollo.example", "2026-12-08T09:00:00Z"),
      visit("V-2", "anna.schmidt@apollo.example", "2026-12-08T10:00:00Z"),
      created("L-1", "tom.becker@apollo.example", "lead", "2026-12-08T09:00:00Z"),
    ]);
  });
  afterAll(async () => {
    await bot.close();
  });

  it("the week's board ranks everyone on the project", async () => {
    const board = await bot.as("liuyang").dm().says("adoption board");
    expect(board.text).toContain("积分榜，本周 2026-12-07 – 2026-12-13");
    expect(board.text).toContain("1. 张敏 Zhang Min —— 17 分\n2. 刘洋 Liu Yang —— 11 分\n3. Tom Becker —— 7 分\n4. Anna Schmidt —— 6 分");
  });

  it("--month counts the whole month, --team ranks within teams, --role within roles (reps apart from admins)", async () => {
    expect((await bot.as("liuyang").dm().says("adoption board --month")).text).toContain("1. 张敏 Zhang Min —— 24 分\n2. 刘洋 Liu Yang —— 19 分");
    const teams = await bot.as("anna").dm().says("adoption board --team");
    expect(teams.text).toContain("Sales Ops 销售运营\n1. 张敏 Zhang Min — 17 pts\n2. 刘洋 Liu Yang — 11 pts");
    expect(teams.text).toContain("EMEA Rollout\n1. Tom Becker — 7 pts\n2. Anna Schmidt — 6 pts");
    const roles = await bot.as("anna").dm().says("adoption board --role");
    expect(roles.text).toMatch(/Key user[^\n]*\n1\. 张敏 Zhang Min — 17 pts\n2\. Anna Schmidt — 6 pts/i);
    expect((await bot.as("anna").dm().says("adoption board --team --role")).text).toContain("Choose one: --team, --role or --module");
    const modules = await bot.as("anna").dm().says("adoption board --module");
    expect(modules.text).toContain("account\n1. 张敏 Zhang Min — 17 pts");
    expect(modules.text).toContain("contact\n1. 刘洋 Liu Yang — 11 pts");
    expect(modules.text).toContain("visit\n1. Anna Schmidt — 6 pts");
  });

  it("adoption me shows one's own points, what earned them and how to earn more", async () => {
    const me = await bot.as("liuyang").dm().says("adoption me");
    expect(me.text).toContain("本周：11（上周 8）· 本月：19");
    expect(me.text).toContain("· 新建完整记录：4 次 → 9 分");
    expect(me.text).toContain("· 首条完整记录：2 次 → 10 分");
    expect(me.text).toContain("多得分的方法");
  });

  it("opting out hides a person from public boards; the PM still sees them, marked", async () => {
    expect((await bot.as("zhangmin").dm().says("adoption optout")).text).toContain("你已退出公开榜单");
    const publicBoard = await bot.as("liuyang").dm().says("adoption board");
    expect(publicBoard.text).not.toContain("张敏");
    expect(publicBoard.text).toContain("1. 刘洋 Liu Yang —— 11 分");
    expect((await bot.as("lina").dm().says("adoption board")).text).toContain("1. 张敏 Zhang Min —— 17 分（已退出榜单）");
    expect((await bot.as("zhangmin").dm().says("adoption me")).text).toContain("你不在公开榜单上");
    expect((await bot.as("zhangmin").dm().says("adoption optout --undo")).text).toContain("你已重新加入公开榜单。");
  });

  it("test mode computes everything and shows it to admins only; the rules are for admins only", async () => {
    expect((await bot.as("chenwei").dm().says("adoption mode test")).text).toContain("测试模式");
    expect((await bot.as("liuyang").dm().says("adoption board")).text).toContain("积分榜正在测试，暂不公开。");
    const admin = await bot.as("chenwei").dm().says("adoption board");
    expect(admin.text).toContain("测试模式：只有管理员看得到");
    expect(admin.text).toContain("1. 张敏 Zhang Min —— 17 分");
    expect((await bot.as("liuyang").dm().says("adoption rules")).text).toContain("管理员");
    expect((await bot.as("liuyang").dm().says("adoption rules")).text).not.toContain("每天最多");
    expect((await bot.as("chenwei").dm().says("adoption rules")).text).toContain("积分规则（只对管理员显示）");
    expect((await bot.as("liuyang").dm().says("adoption mode live")).text).not.toContain("正式启用");
    expect((await bot.as("chenwei").dm().says("adoption mode live")).text).toContain("正式启用");
  });

  it("Monday morning each team's group gets the week's post: top three, climbers, the 标兵 with the reason, badges", async () => {
    const monday = await bot.line(":clock 2026-12-14T01:00:00Z");
    const post = monday.messages.filter((m) => m.message.title?.includes("CRM 使用周报"));
    expect(post.map((m) => m.conversation.conversationId)).toEqual(["#apollo"]);
    expect(monday.text).toContain("🏆 Sales Ops 销售运营：CRM 使用周报，2026-12-07 – 2026-12-13");
    expect(monday.text).toContain("1. 张敏 Zhang Min —— 17 分\n2. 刘洋 Liu Yang —— 11 分");
    expect(monday.text).toContain("进步最快：\n· 张敏 Zhang Min：+10 分\n· 刘洋 Liu Yang：+3 分");
    expect(monday.text).toContain("本周 CRM 使用标兵：张敏 Zhang Min —— 新建完整记录 4 次。");
    expect(monday.text).toContain("· 张敏 Zhang Min：首条完整account记录");
    expect(monday.text).toContain("· 刘洋 Liu Yang：首条完整contact记录");
    const emea = await bot.line(":clock 2026-12-14T08:00:00Z");
    expect(emea.text).toContain("🏆 EMEA Rollout: CRM adoption, week 2026-12-07 – 2026-12-13");
    expect(emea.text).toContain("CRM usage champion (标兵) of the week: Tom Becker — Complete records created: 1.");
    expect((await bot.line(":clock 2026-12-14T09:00:00Z")).messages.filter((m) => m.message.title?.startsWith("🏆"))).toHaveLength(0);
  });

  it("in test mode no weekly post goes out", async () => {
    const project = await bot.runtime.database.db.selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    await bot.runtime.services.adoption.ingest(project.tenant_id, project.id, [created("A-50", "zhang.min@apollo.example", "account", "2026-12-15T03:00:00Z")]);
    await bot.as("chenwei").dm().says("adoption mode test");
    await bot.line(":clock 2026-12-21T00:59:00Z");
    const monday = await bot.line(":clock 2026-12-21T09:00:00Z");
    expect(monday.messages.filter((m) => m.message.title?.startsWith("🏆"))).toHaveLength(0);
  });
});
