import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleSent } from "../../adapters/console/index.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { peoplePersonalData } from "../../src/people/personal-data.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

// The demo's "Sales Ops 销售运营" team (Asia/Shanghai, zh-CN, 09:00–18:00, calendar cn): 李娜 (PM), 张敏, 刘洋.
// Its "EMEA Rollout" team (Europe/Berlin, en, calendar de): Anna Schmidt, Tom Becker.
const dmsTo = (reply: Reply, handle: string): ConsoleSent[] => reply.messages.filter((m) => m.conversation.conversationId === `dm:${handle}`);
const titles = (reply: Reply, handle: string): string[] => dmsTo(reply, handle).map((m) => m.message.title ?? toPlainText(m.message));

describe("me: a person's own language, time zone and hours in a Chinese team, and their stand-up prompts", () => {
  let bot: TestBot;
  const clock = (iso: string) => bot.line(`:clock ${iso}`);

  beforeAll(async () => {
    bot = await createTestBot();
    await clock("2026-11-08T20:00:00+08:00");
    expect((await bot.as("lina").says('standup setup "Sales Ops 销售运营"')).text).toContain("09:30–11:00 (Asia/Shanghai)");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("我的设置 shows each value and where it comes from", async () => {
    const shown = await bot.as("liuyang").says("我的设置");
    expect(shown.text).toContain("你的设置");
    expect(shown.text).toContain("语言: 简体中文");
    expect(shown.text).toContain("时区: Asia/Shanghai");
    expect(shown.text).toContain("工作时间: 09:00–18:00 · 团队“Sales Ops 销售运营”的默认设置");
    expect(shown.text).toContain("我的设置 时区 默认");
    expect((await bot.as("liuyang").says("me show")).text).toContain("工作时间: 09:00–18:00");
  });

  it("a zone it does not know and hours that are not hours are argument errors naming the argument, with an example", async () => {
    const zone = await bot.as("liuyang").says("我的设置 时区 Mars/Base");
    expect(zone.text).toContain("时区：“Mars/Base”不是我认识的时区，请用 Asia/Shanghai、Europe/Berlin 这样的名称");
    expect(zone.text).toContain("可以这样写：我的设置 时区 Europe/Berlin");
    expect((await bot.as("liuyang").says("我的设置 时区 Shanghai")).text).toContain("时区：“Shanghai”不是我认识的时区");
    const backwards = await bot.as("liuyang").says("我的设置 工作时间 18:00-09:00");
    expect(backwards.text).toContain("工作时间：结束时间必须晚于开始时间，例如 09:00-18:00");
    const words = await bot.as("liuyang").says("我的设置 工作时间 九点到六点");
    expect(words.text).toContain("工作时间：“九点到六点”不是时间段，请写成 HH:MM-HH:MM");
    expect((await bot.as("liuyang").says("我的设置 语言 fr")).text).toContain("语言：“fr”不是可选值");
    // Nothing was stored.
    expect((await bot.as("liuyang").says("我的设置")).text).toContain("工作时间: 09:00–18:00 · 团队“Sales Ops 销售运营”的默认设置");
  });

  it("language en in a zh-CN team: the answer and every reply after it are in English; whoami shows it", async () => {
    const set = await bot.as("liuyang").says("我的设置 语言 en");
    expect(set.text).toContain("Done — from now on I reply to you and send you notices in English.");
    expect(set.text).toContain("me language default");
    const who = await bot.as("liuyang").says("whoami");
    expect(who.text).toContain("You are 刘洋 Liu Yang");
    expect(who.text).toContain("Language: English · your own setting");
    expect(who.text).toContain("Working hours: 09:00–18:00 · the default of team Sales Ops 销售运营");
    // Others in the team still get Chinese.
    expect((await bot.as("zhangmin").says("whoami")).text).toContain("语言: 简体中文");
  });

  it("time zone Europe/Berlin moves their stand-up prompt to 09:30 Berlin; the others stay at 09:30 Shanghai", async () => {
    const set = await bot.as("liuyang").says("me timezone europe/berlin");
    expect(set.text).toContain("Your time zone is now Europe/Berlin (it is 13:00 there).");
    expect((await bot.as("liuyang").says("whoami")).text).toContain("Time zone: Europe/Berlin · your own setting");
    const shanghai = await clock("2026-11-09T09:30:00+08:00");
    expect(dmsTo(shanghai, "zhangmin")).toHaveLength(1);
    expect(dmsTo(shanghai, "liuyang")).toEqual([]);
    expect(dmsTo(await clock("2026-11-09T09:29:00+01:00"), "liuyang")).toEqual([]);
    const berlin = await clock("2026-11-09T09:30:00+01:00");
    expect(titles(berlin, "liuyang")).toEqual(["Stand-up · Sales Ops 销售运营 · 2026-11-09"]);
    expect(toPlainText(dmsTo(berlin, "liuyang")[0]!.message)).toContain("Answers are open until 11:00");
  });

  it("hours 10:00-19:00 move the prompt with their start: 10:30 Berlin", async () => {
    const set = await bot.as("liuyang").says("me hours 10:00-19:00");
    expect(set.text).toContain("Your working hours are now 10:00–19:00 (Europe/Berlin).");
    expect((await bot.as("liuyang").says("me")).text).toContain("Working hours: 10:00–19:00 · your own setting");
    expect(dmsTo(await clock("2026-11-10T09:30:00+01:00"), "liuyang")).toEqual([]);
    const late = await clock("2026-11-10T10:30:00+01:00");
    expect(titles(late, "liuyang")).toEqual(["Stand-up · Sales Ops 销售运营 · 2026-11-10"]);
    expect(toPlainText(dmsTo(late, "liuyang")[0]!.message)).toContain("Answers are open until 12:00");
  });

  it("clearing each restores the team's default, said in the language that applies again", async () => {
    expect((await bot.as("liuyang").says("me timezone default")).text).toContain("Your time zone is back to the default of team Sales Ops 销售运营: Asia/Shanghai.");
    expect((await bot.as("liuyang").says("me hours default")).text).toContain("Your working hours are back to the default of team Sales Ops 销售运营: 09:00–18:00.");
    expect((await bot.as("liuyang").says("me language default")).text).toContain("你的语言已恢复为团队“Sales Ops 销售运营”的默认设置：简体中文。");
    const who = await bot.as("liuyang").says("我是谁");
    expect(who.text).toContain("语言: 简体中文 · 团队“Sales Ops 销售运营”的默认设置");
    expect(who.text).toContain("时区: Asia/Shanghai · 团队“Sales Ops 销售运营”的默认设置");
    const morning = await clock("2026-11-11T09:30:00+08:00");
    expect(titles(morning, "liuyang")).toEqual(["站会 · Sales Ops 销售运营 · 2026-11-11"]);
  });
});

describe("me in an English team, and nags on the person's own hours and language", () => {
  let bot: TestBot;
  const clock = (iso: string) => bot.line(`:clock ${iso}`);

  beforeAll(async () => {
    bot = await createTestBot();
    await clock("2026-06-10T10:00:00+08:00");
    await bot.as("lina").says('task add "Migrate lead data" --r @liuyang --a @lina --due 2026-06-12');
    await bot.as("lina").says('task add "Clean up duplicate accounts" --r @zhangmin --a @lina --due 2026-06-12');
  });
  afterAll(async () => {
    await bot.close();
  });

  it("an English speaker switches to Chinese, sees it in whoami, gets argument errors in Chinese, and clears back to the team's", async () => {
    expect((await bot.as("anna").says("me language zh-CN")).text).toContain("好的，从现在起我用简体中文回复你、给你发通知。");
    expect((await bot.as("anna").says("whoami")).text).toContain("语言: 简体中文 · 你自己的设置");
    expect((await bot.as("anna").says("me timezone Berlin")).text).toContain("时区：“Berlin”不是我认识的时区");
    expect((await bot.as("anna").says("me hours 9-17")).text).toContain("工作时间：“9-17”不是时间段");
    expect((await bot.as("anna").says("我的设置 时区 asia/shanghai")).text).toContain("你的时区已设为 Asia/Shanghai");
    expect((await bot.as("anna").says("我的设置 语言 默认")).text).toContain("Your language is back to the default of team EMEA Rollout: English.");
    const cleared = await bot.as("anna").says("me timezone default");
    expect(cleared.text).toContain("Your time zone is back to the default of team EMEA Rollout: Europe/Berlin.");
  });

  it("a heads-up waits for the start of the person's own hours, and comes in their own language", async () => {
    expect((await bot.as("liuyang").says("我的设置 工作时间 11:00-20:00")).text).toContain("你的工作时间已设为 11:00–20:00（Asia/Shanghai）");
    expect((await bot.as("zhangmin").says("我的设置 语言 en")).text).toContain("in English");
    const nine = await clock("2026-06-11T09:00:00+08:00");
    expect(titles(nine, "zhangmin")).toEqual(["Coming due: 1 task"]);
    expect(dmsTo(nine, "liuyang")).toEqual([]);
    expect(dmsTo(await clock("2026-06-11T10:59:00+08:00"), "liuyang")).toEqual([]);
    const eleven = await clock("2026-06-11T11:00:00+08:00");
    expect(titles(eleven, "liuyang")).toEqual(["即将到期：1 项任务"]);
  });

  it("the person's own hours are in their data export", async () => {
    const person = await bot.runtime.database.db.selectFrom("people").select(["id", "tenant_id"]).where("display_name", "=", "刘洋 Liu Yang").executeTakeFirstOrThrow();
    const exported = (await peoplePersonalData(bot.runtime.database.db).export(person.tenant_id, person.id)) as { profile: Record<string, unknown> };
    expect(exported.profile).toMatchObject({ workStart: "11:00", workEnd: "20:00" });
  });
});
