import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

// Issue #15 item 5: dates typed as people say them, resolved at the bot's clock (`:clock`) in the person's zone,
// shown with their weekday; past and non-working due dates warned about; a past go-live refused; the go-live
// countdown counted from the project's local date.
describe("dates through the console driver", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    // Wednesday 2026-09-30 in Shanghai; 国庆节 runs 2026-10-01..07, Saturday 2026-10-10 is a 调休 workday.
    await bot.line(":clock 2026-09-30T10:00+08:00");
    await bot.as("lina").says("member role @anna pm");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("a task due 明天 shows the date it resolved to, and warns that it is a holiday (zh-CN)", async () => {
    const reply = await bot.as("lina").says("任务 添加 “准备培训材料” --r 刘洋 --due 明天");
    expect(reply.text).toContain("已创建 T-1，截止 2026-10-01（周四）。");
    expect(reply.text).toContain("⚠️ 按项目日历，2026-10-01（周四）不是工作日（国庆节）。");
    const workday = await bot.as("lina").says("任务 截止 T-1 2026-10-10");
    expect(workday.text).toContain("T-1 的截止时间改为 2026-10-10（周六）。");
    expect(workday.text).not.toContain("不是工作日");
    const weekday = await bot.as("lina").says("任务 截止 T-1 下周三 18:00");
    expect(weekday.text).toContain("T-1 的截止时间改为 2026-10-07（周三） 18:00。");
    expect(weekday.text).toContain("不是工作日（国庆节）");
    const past = await bot.as("lina").says("任务 截止 T-1 2026-09-01");
    expect(past.text).toContain("T-1 的截止时间改为 2026-09-01（周二）。");
    expect(past.text).toContain("⚠️ 2026-09-01（周二）已经过去，T-1 一设置就是逾期。");
  });

  it("a task due next friday (no quotes needed), a weekend and a past date, in English", async () => {
    const reply = await bot.as("anna").says('task add "Check the lead mapping" --r @tom --due next friday');
    expect(reply.text).toContain("Created T-2, due Fri 2026-10-09.");
    expect(reply.text).not.toContain("⚠️");
    const weekend = await bot.as("anna").says("task due T-2 sunday");
    expect(weekend.text).toContain("T-2 is now due Sun 2026-10-04.");
    expect(weekend.text).toContain("⚠️ Sun 2026-10-04 is not a working day on the project's calendar.");
    const holiday = await bot.as("anna").says("task due T-2 this saturday");
    expect(holiday.text).toContain("⚠️ Sat 2026-10-03 is not a working day (Tag der Deutschen Einheit) on the project's calendar.");
    const past = await bot.as("anna").says("task due T-2 2026-09-28");
    expect(past.text).toContain("T-2 is now due Mon 2026-09-28.");
    expect(past.text).toContain("⚠️ Mon 2026-09-28 has already passed, so T-2 is overdue right away.");
  });

  it("a date that is not one names the phrases that work, in both languages", async () => {
    const zh = await bot.as("lina").says("项目 上线日期 下下周");
    expect(zh.text).toContain("上线日期：“下下周”不是日期；可以写 2026-12-11、今天、明天、后天、周五、本周五或下周一。");
    const en = await bot.as("anna").says("project golive-date someday");
    expect(en.text).toContain("Go-live date: “someday” is not a date; write 2026-12-11, today, tomorrow, friday, this friday or next monday.");
    const due = await bot.as("anna").says('task add "Check" --r @tom --due soonish');
    expect(due.text).toContain("“soonish” is not a due date. Try 2026-06-19, “2026-06-19 18:00”, +3d, tomorrow, friday or next monday.");
  });

  it("a go-live date in the past is refused naming the argument, with an example (zh-CN and en)", async () => {
    const zh = await bot.as("lina").says("项目 上线日期 2026-09-01");
    expect(zh.text).toContain("上线日期：2026-09-01 已经过去了（今天是 2026-09-30），请给一个以后的日期，例如 2026-10-14。");
    expect(zh.text).toContain("project golive-date 2027-03-01");
    const en = await bot.as("anna").says("project golive-date last friday");
    expect(en.text).toContain("Go-live date: “last friday” is not a date");
    const past = await bot.as("anna").says("project golive-date this monday");
    expect(past.text).toContain("Go-live date: 2026-09-28 has already passed (today is 2026-09-30); give a later date, e.g. 2026-10-14.");
    const created = await bot.as("chenwei").says("项目 创建 华东销售CRM --key east --golive 2026-01-05");
    expect(created.text).toContain("上线日期（--golive）：2026-01-05 已经过去了");
    const vote = await bot.as("lina").says("上线 投票 nogo “数据核对未通过” --date 2026-09-25");
    expect(vote.text).toContain("2026-09-25 已经过去了（今天是 2026-09-30），请给一个以后的日期，例如 2026-10-14。");
    // The example shown is the command written in the person's language.
    expect(vote.text).toContain("可以这样写：上线 投票 nogo “数据核对未通过” --date 2026-12-19");
  });

  it("go-live dates typed relatively show what they resolved to", async () => {
    const zh = await bot.as("lina").says("项目 上线日期 下周五");
    expect(zh.text).toContain("Apollo CRM 上线 的上线日期已设为 **2026-10-09（周五）**。".replace(/\*\*/g, ""));
    const en = await bot.as("anna").says("project golive-date next friday");
    expect(en.text).toContain("Go-live for Apollo CRM 上线 is set to Fri 2026-10-09.");
    const created = await bot.as("chenwei").says("项目 创建 华东销售CRM --key east --golive 下周一");
    expect(created.text).toContain("上线日期：2026-10-05（周一）。");
    await bot.as("chenwei").says("project use apollo");
  });

  it("relative dates count from the person's own local date at the bot's clock", async () => {
    // 21:00 UTC: already Thursday 2026-10-01 in Shanghai, still Wednesday 2026-09-30 in Berlin.
    await bot.line(":clock 2026-10-01T05:00+08:00");
    const en = await bot.as("anna").says("project golive-date today");
    expect(en.text).toContain("is set to Wed 2026-09-30.");
    const zh = await bot.as("lina").says("项目 上线日期 今天");
    expect(zh.text).toContain("2026-10-01（周四）");
  });

  it("project show counts down from the project's local date, and says how long ago a past go-live was", async () => {
    await bot.as("lina").says("项目 上线日期 2026-10-20");
    // 23:00 UTC on 2026-09-30 is 07:00 on 2026-10-01 in Shanghai: 19 days to go, not 20.
    await bot.line(":clock 2026-10-01T07:00+08:00");
    expect((await bot.as("lina").says("project show")).text).toContain("2026-10-20 (还有 19 天)");
    expect((await bot.as("anna").says("project show")).text).toContain("2026-10-20 (19 days to go)");
    await bot.line(":clock 2026-10-20T09:00+08:00");
    expect((await bot.as("lina").says("project show")).text).toContain("2026-10-20 (就是今天)");
    await bot.line(":clock 2026-10-23T09:00+08:00");
    const zh = await bot.as("lina").says("project show");
    expect(zh.text).toContain("2026-10-20 (已过去 3 天)");
    expect(zh.text).not.toMatch(/还有 -\d/);
    expect((await bot.as("anna").says("project show")).text).toContain("2026-10-20 (3 days ago)");
  });

  it("leave and snoozes take the same phrases", async () => {
    const zh = await bot.as("liuyang").says("请假 下周一..下周三");
    expect(zh.text).toContain("2026-10-26");
    expect(zh.text).toContain("2026-10-28");
    const en = await bot.as("tom").says("standup away tomorrow");
    expect(en.text).toContain("2026-10-24");
  });
});
