import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleSent } from "../../adapters/console/index.js";
import { buttonsOf, type OutboundMessage } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

// The demo's "Sales Ops 销售运营" team: Asia/Shanghai, calendar cn, members 李娜 (PM), 张敏, 刘洋; home #apollo.
// The week walked: Sunday 2026-09-20 is a make-up workday (国庆节调休), Friday 2026-09-25 starts the
// Mid-Autumn holiday (中秋节), and 刘洋 is on leave on Tuesday and Wednesday.

const dmsTo = (reply: Reply, handle: string): ConsoleSent[] => reply.messages.filter((m) => m.conversation.conversationId === `dm:${handle}`);
const posted = (reply: Reply, group: string): ConsoleSent[] => reply.messages.filter((m) => m.conversation.conversationId === group);
const plain = (sent: ConsoleSent[]): string => sent.map((s) => toPlainText(s.message)).join("\n");
const recipients = (reply: Reply): string[] =>
  reply.messages
    .filter((m) => m.conversation.kind === "direct")
    .map((m) => m.conversation.conversationId.replace(/^dm:/, ""))
    .sort();

describe("stand-ups through the console: a week with a make-up workday, a leave and a holiday", () => {
  let bot: TestBot;
  const clock = (iso: string) => bot.line(`:clock ${iso}`);

  beforeAll(async () => {
    bot = await createTestBot();
    await clock("2026-09-19T08:00:00+08:00");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("refuses settings, imports and stats to those without the role, politely", async () => {
    expect((await bot.as("zhangmin").says("standup setup")).text).toContain("需要本项目的「项目经理」角色");
    expect((await bot.as("anna").says("calendar import calendars/cn.json")).text).toContain("needs the project manager role");
    expect((await bot.as("liuyang").says("standup stats")).text).toContain("需要本项目的「项目发起人或项目经理」角色");
    expect((await bot.as("liuyang").says("standup")).text).toContain("不属于任何开了站会的团队");
  });

  it("the PM sets the stand-up up: defaults, then a window with a reminder", async () => {
    const setup = await bot.as("lina").says('standup setup "Sales Ops 销售运营"');
    expect(setup.text).toContain("站会已开启");
    expect(setup.text).toContain("09:30–11:00 (Asia/Shanghai)");
    expect(setup.text).toContain("#apollo");
    const window = await bot.as("lina").says("standup window 11:00 --reminder 30");
    expect(window.text).toContain("截止前 30 分钟提醒尚未回答的人");
    expect((await bot.as("lina").says("standup time 11:30")).text).toContain("必须晚于提醒时间");
    expect((await bot.as("lina").says("standup days weekend-ish")).text).toContain("无法识别日期");
  });

  it("prompts each member once at 09:30 on the make-up Sunday, with the form, the buttons and the one-line usage", async () => {
    expect(recipients(await clock("2026-09-20T09:29:00+08:00"))).toEqual([]);
    const prompts = await clock("2026-09-20T09:30:00+08:00");
    expect(recipients(prompts)).toEqual(["lina", "liuyang", "zhangmin"]);
    const card = dmsTo(prompts, "zhangmin")[0]!.message;
    expect(card.title).toBe("站会 · Sales Ops 销售运营 · 2026-09-20");
    expect(buttonsOf(card).map((b) => b.command)).toEqual(["standup", "standup skip", "standup away"]);
    // The neutral message carries a form (a modal on Slack / Feishu); the console has none, so it shows the typed form.
    const stored = await bot.runtime.database.db.selectFrom("deliveries").select("message").where("key", "like", "standup:%:2026-09-20:prompt").executeTakeFirstOrThrow();
    const form = (stored.message as OutboundMessage).blocks.find((b) => b.type === "form");
    expect(form?.type === "form" && form.form.command).toBe("standup");
    expect(form?.type === "form" && form.form.fields.map((f) => f.name)).toEqual(["yesterday", "today", "blockers"]);
    expect(plain(dmsTo(prompts, "zhangmin"))).toContain('standup --yesterday "昨天完成的工作"');
    // A replayed tick over the same window (the scheduler state rewound, as after a crash) sends nothing again.
    const { db } = bot.runtime.database;
    await db.updateTable("scheduler_state").set({ last_at: new Date("2026-09-20T09:29:00+08:00") }).where("name", "=", "tick").execute();
    expect(recipients(await clock("2026-09-20T09:30:00+08:00"))).toEqual([]);
    expect(recipients(await clock("2026-09-20T09:31:00+08:00"))).toEqual([]);
    const prompts930 = await db.selectFrom("deliveries").select("key").where("key", "like", "standup:%:prompt").execute();
    expect(prompts930).toHaveLength(3);
  });

  it("takes a one-line answer, opens a blocker, and lets it be edited until close", async () => {
    const answer = await bot.as("zhangmin").says('站会 -y "导入了线索数据" -t "清洗客户数据" -b "等待测试环境"');
    expect(answer.text).toContain("已记录你在 Sales Ops 销售运营 2026-09-20 的站会");
    expect(answer.text).toContain("已登记阻塞 B-1");
    const edit = await bot.as("zhangmin").says('standup -t "清洗客户数据，核对字段映射"');
    expect(edit.text).toContain("已更新");
    expect(edit.text).toContain("仍在跟进你的阻塞 B-1");
  });

  it("walks the guided DM conversation one question at a time, with skip, surviving a restart of the handler state", async () => {
    const start = await bot.as("liuyang").clicks(1);
    expect(start.text).toContain("（1/3）昨天完成了什么？");
    expect((await bot.as("liuyang").says("整理了培训材料")).text).toContain("（2/3）今天计划做什么？");
    const stored = await bot.runtime.database.db.selectFrom("guided_conversations").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: "standup", state: { step: 1, answers: ["整理了培训材料"] } });
    expect((await bot.as("liuyang").says("跳过")).text).toContain("（3/3）有什么阻塞吗？");
    const done = await bot.as("liuyang").says("无");
    expect(done.text).toContain("已记录你在 Sales Ops 销售运营 2026-09-20 的站会");
    expect(done.text).not.toContain("阻塞 B-");
    const status = await bot.as("liuyang").says("standup status");
    expect(status.text).toContain("昨天：整理了培训材料");
    expect(status.text).toContain("今天：—");
    // The conversation is over: a typed line is a command again.
    expect((await bot.as("liuyang").says("whoami")).text).toContain("刘洋 Liu Yang");
  });

  it("reminds only those who have not answered, by name, once", async () => {
    const reminders = await clock("2026-09-20T10:30:00+08:00");
    expect(recipients(reminders)).toEqual(["lina"]);
    expect(plain(dmsTo(reminders, "lina"))).toContain("李娜 Li Na，Sales Ops 销售运营 的站会还没回答——11:00 截止。");
    expect(recipients(await clock("2026-09-20T10:45:00+08:00"))).toEqual([]);
  });

  it("posts one summary at close: blockers first, then answers, then who is missing", async () => {
    const close = await clock("2026-09-20T11:00:00+08:00");
    const summary = posted(close, "#apollo");
    expect(summary).toHaveLength(1);
    expect(summary[0]!.message.title).toBe("站会汇总 · Sales Ops 销售运营 · 2026-09-20");
    const text = plain(summary);
    expect(text.indexOf("🚧 阻塞（1）")).toBeLessThan(text.indexOf("已回答（2）"));
    expect(text).toContain("B-1 · 张敏 Zhang Min：等待测试环境");
    expect(text).toContain("今天: 清洗客户数据，核对字段映射");
    expect(text).toContain("未回答（1）: 李娜 Li Na");
    expect(text).toContain("3 人中 2 人已回答");
    expect(recipients(close)).toEqual([]);
  });

  it("after close: no reminder, no more edits, but a late answer edits the posted summary", async () => {
    expect((await bot.as("zhangmin").says('standup -t "改一下"')).text).toContain("已在 11:00 截止");
    const late = await bot.as("lina").says('standup -y "客户访谈" -t "准备培训" -b "无"');
    expect(late.text).toContain("记为迟交");
    const edited = bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "#apollo" && s.edited);
    expect(edited).toHaveLength(2); // the original entry, marked edited, and the edit event itself
    const summary = toPlainText(edited[0]!.message);
    expect(summary).toContain("李娜 Li Na （迟交）");
    expect(summary).toContain("3 人中 3 人已回答");
    expect(summary).not.toContain("未回答");
    expect(recipients(await clock("2026-09-20T11:30:00+08:00"))).toEqual([]);
  });

  it("records a leave, and sends no prompts on leave days; the summary shows who is away", async () => {
    expect((await bot.as("liuyang").says("请假 2026-09-22..2026-09-23")).text).toContain("已登记 2026-09-22 至 2026-09-23 请假");
    const monday = await clock("2026-09-21T09:30:00+08:00");
    expect(recipients(monday)).toEqual(["lina", "liuyang", "zhangmin"]);
    expect((await bot.as("zhangmin").says('standup -y "清洗数据" -t "字段映射" -b "等待测试环境"')).text).toContain("仍在跟进你的阻塞 B-1");
    await clock("2026-09-21T11:00:00+08:00");
    const tuesday = await clock("2026-09-22T09:30:00+08:00");
    expect(recipients(tuesday)).toEqual(["lina", "zhangmin"]);
    const reminder = await clock("2026-09-22T10:30:00+08:00");
    expect(recipients(reminder)).toEqual(["lina", "zhangmin"]);
    const summary = plain(posted(await clock("2026-09-22T11:00:00+08:00"), "#apollo"));
    expect(summary).toContain("请假（1）: 刘洋 Liu Yang");
    expect(summary).toContain("未回答（2）");
  });

  it("flags a blocker open more than two working days to the PM once, at work start", async () => {
    // B-1 opened on the make-up Sunday: Monday is 1, Tuesday 2, Wednesday 3 working days.
    expect(recipients(await clock("2026-09-22T12:00:00+08:00"))).toEqual([]);
    const early = await clock("2026-09-23T08:59:00+08:00");
    expect(recipients(early)).toEqual([]);
    const flagged = await clock("2026-09-23T09:00:00+08:00");
    expect(recipients(flagged)).toEqual(["lina"]);
    expect(plain(dmsTo(flagged, "lina"))).toContain("张敏 Zhang Min（Sales Ops 销售运营）自 2026-09-20 起已被阻塞 3 个工作日");
    const prompts = await clock("2026-09-23T09:30:00+08:00");
    expect(recipients(prompts)).toEqual(["lina", "zhangmin"]);
    expect(recipients(await clock("2026-09-24T09:00:00+08:00"))).toEqual([]);
  });

  it("blocker list and resolve: owner, age in working days, only the owner or the PM", async () => {
    const list = await bot.as("liuyang").says("阻塞");
    expect(list.text).toContain("B-1 张敏 Zhang Min：等待测试环境 · 自 2026-09-20 · 4 个工作日");
    expect((await bot.as("liuyang").says("blocker resolve B-1")).text).toContain("只有本人、项目经理或管理员可以解决");
    expect((await bot.as("lina").says("blocker resolve b1")).text).toContain("已解决 B-1（张敏 Zhang Min），历时 4 个工作日");
    expect((await bot.as("zhangmin").says("blocker resolve B-1")).text).toContain("B-1 已在 2026-09-24 解决");
    expect((await bot.as("zhangmin").says("blocker list")).text).toContain("没有未解决的阻塞");
  });

  it("after the leave, prompts everyone again; no prompts or summary on the Mid-Autumn holiday", async () => {
    expect(recipients(await clock("2026-09-24T09:30:00+08:00"))).toEqual(["lina", "liuyang", "zhangmin"]);
    expect(posted(await clock("2026-09-24T11:00:00+08:00"), "#apollo")).toHaveLength(1);
    const friday = [await clock("2026-09-25T09:30:00+08:00"), await clock("2026-09-25T10:30:00+08:00"), await clock("2026-09-25T11:00:00+08:00")];
    expect(friday.flatMap((r) => r.messages)).toEqual([]);
    expect((await bot.as("zhangmin").says('standup -t "加班"')).text).toContain("没有站会");
  });

  it("standup back ends a leave early", async () => {
    expect((await bot.as("tom").says("standup back")).text).toContain("not on leave");
    await bot.as("liuyang").says("请假 2026-09-28..2026-09-30");
    await clock("2026-09-28T08:00:00+08:00");
    expect((await bot.as("liuyang").says("销假")).text).toContain("欢迎回来");
    expect(recipients(await clock("2026-09-28T09:30:00+08:00"))).toEqual(["lina", "liuyang", "zhangmin"]);
  });

  it("standup stats counts the week per team and person, leave apart", async () => {
    const stats = await bot.as("lina").says("standup stats --week 2026-09-21");
    expect(stats.messages[0]?.message.title).toBe("站会参与情况 · Apollo CRM 上线 · 2026-09-21 – 2026-09-27");
    // Mon–Thu: 3 + 2 + 2 + 3 asked = 10; answered: 张敏 Monday only. 刘洋 away Tuesday and Wednesday.
    expect(stats.text).toContain("Sales Ops 销售运营：1/10 已回答（10%）· 跳过 0 · 请假 2");
    expect(stats.text).toContain("刘洋 Liu Yang：0/2 已回答（0%）· 跳过 0 · 请假 2");
    expect(stats.text).toContain("张敏 Zhang Min：1/4 已回答（25%）");
    const sunday = await bot.as("lina").says("standup stats --week 2026-09-14");
    expect(sunday.text).toContain("Sales Ops 销售运营：3/3 已回答（100%）");
  });
});
