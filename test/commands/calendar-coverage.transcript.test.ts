import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

const GAP_TITLE = /缺少 \d{4} 年的节假日$|has no holidays for \d{4}$/;
const notices = (reply: Reply) => reply.messages.filter((m) => GAP_TITLE.test(m.message.title ?? ""));
const noticeLines = (reply: Reply) => notices(reply).map((m) => `${m.conversation.conversationId} ${m.message.title}`);

/** The shipped cn calendar plus a year of test data (not an official schedule: the test only needs the year to exist). */
function cnWithTestYear(year: string): unknown {
  const cn = JSON.parse(readFileSync("calendars/cn.json", "utf8")) as { name: string; years: Record<string, unknown> };
  return { ...cn, name: "中国大陆（含测试年份）", years: { ...cn.years, [year]: { holidays: [{ date: `${year}-01-01`, name: "元旦" }] } } };
}

async function setPersonLocale(bot: TestBot, email: string, locale: string): Promise<void> {
  await bot.runtime.database.db.updateTable("people").set({ locale }).where("email", "=", email).execute();
}

async function setGoLive(bot: TestBot, date: string | null): Promise<void> {
  const tenant = (await bot.runtime.services.tenants.find("console", "demo"))!;
  const [project] = await bot.runtime.services.projects.list(tenant.id);
  await bot.runtime.services.projects.setGoLiveDate(tenant.id, project!.id, date);
}

describe("calendar coverage (zh-CN): a schedule reaching into an uncovered year tells the admin once, import fixes it", () => {
  let bot: TestBot;
  let restarted: TestBot | null = null;
  const dir = mkdtempSync(join(tmpdir(), "calendar-coverage-"));

  beforeAll(async () => {
    bot = await createTestBot({ calendarNotices: true });
    await bot.line(":clock 2026-10-12T08:00:00+08:00");
    await setGoLive(bot, null);
  });
  afterAll(async () => {
    await restarted?.close();
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("calendar show states the covered years; in October with no go-live ahead nothing is missing and nobody is told", async () => {
    const shown = await bot.as("lina").says("日历");
    expect(shown.text).toContain("已覆盖年份: 2025, 2026");
    expect(shown.text).not.toContain("⚠️");
    expect(noticeLines(await bot.line(":clock 2026-10-12T09:30:00+08:00"))).toEqual([]);
  });

  it("a nag ladder reaching into 2027 in December: one notice per calendar to the admin, in Chinese, with the fix; later ticks do not repeat it", async () => {
    await bot.line(":clock 2026-12-07T08:00:00+08:00");
    await bot.as("lina").dm().says('task add "Connect the ERP" --r @liuyang --a @lina --due 2027-01-04');
    const first = [await bot.line(":clock 2026-12-07T09:30:00+08:00"), await bot.line(":clock 2026-12-07T09:45:00+08:00")];
    const tenant = (await bot.runtime.services.tenants.find("console", "demo"))!;
    expect(bot.runtime.services.calendar.uncoveredSeen()).toContainEqual({ tenantId: tenant.id, calendarId: "cn", year: "2027" });
    const sent = first.flatMap(notices);
    expect(sent.map((m) => `${m.conversation.conversationId} ${m.message.title}`).sort()).toEqual([
      "dm:chenwei 日历 Deutschland / Germany（de）缺少 2027 年的节假日",
      "dm:chenwei 日历 中国大陆 / Mainland China（cn）缺少 2027 年的节假日",
    ]);
    const text = first.map((r) => r.text).join("\n");
    expect(text).toContain("在导入之前，2027 年按“仅周末”计算：周六、周日休息，其余每天都算工作日——法定节假日也算工作日");
    expect(text).toContain("《国务院办公厅关于2027年部分节假日安排的通知》");
    expect(text).toContain("日历 导入 <文件>");
    expect(JSON.stringify(sent.find((m) => m.message.title?.includes("（cn）"))!.message)).toContain('"command":"calendar show cn"');
    expect(noticeLines(await bot.line(":clock 2026-12-07T10:30:00+08:00"))).toEqual([]);
    expect(noticeLines(await bot.line(":clock 2026-12-08T09:30:00+08:00"))).toEqual([]);
  });

  it("calendar show warns about the missing year, why it is needed and what the bot does meanwhile", async () => {
    const shown = await bot.as("lina").says("日历 查看");
    expect(shown.text).toContain("⚠️ 缺少 2027 年的数据。排程已经排到 2027 年（站会、催办、截止日）。在导入之前，2027 年按“仅周末”计算");
    expect(shown.text).toContain("项目经理或管理员可用 日历 导入 补上。");
  });

  it("a restart of the runtime on the same database does not repeat the notice", async () => {
    restarted = await createTestBot({ schema: bot.schema, calendarNotices: true });
    expect(noticeLines(await restarted.line(":clock 2026-12-09T09:30:00+08:00"))).toEqual([]);
    expect(noticeLines(await restarted.line(":clock 2026-12-09T10:30:00+08:00"))).toEqual([]);
  });

  it("importing a calendar with the year fixes it: shown as covered, no warning, no notice", async () => {
    const file = join(dir, "cn.json");
    writeFileSync(file, JSON.stringify(cnWithTestYear("2027")));
    expect((await bot.as("lina").says(`calendar import ${file}`)).text).toContain("年份：2025, 2026, 2027");
    const shown = await bot.as("lina").says("日历");
    expect(shown.text).toContain("2025, 2026, 2027");
    expect(shown.text).not.toContain("⚠️");
    expect(noticeLines(await bot.line(":clock 2026-12-10T09:30:00+08:00"))).toEqual([]);
  });

  it("a go-live in a year still missing (2028) is a new notice, once", async () => {
    await setGoLive(bot, "2028-01-18");
    const reply = await bot.line(":clock 2026-12-11T09:30:00+08:00");
    expect(noticeLines(reply)).toContain("dm:chenwei 日历 中国大陆（含测试年份）（cn）缺少 2028 年的节假日");
    expect(reply.text).toContain("项目 ");
    expect(reply.text).toContain("的上线日 2028-01-18 在 2028 年。");
    expect(noticeLines(await bot.line(":clock 2026-12-11T10:30:00+08:00"))).toEqual([]);
  });

  it("import problems are worded in Chinese with the field in plain words and an example — no zod texts", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ id: "cn", name: "x", weekend: [6, 0], colour: "red", years: { "2027": { holiday: [], holidays: [{ date: "2027-1-5", name: "?" }, { date: "2027-02-30", name: "?" }] } } }));
    const reply = await bot.as("lina").says(`calendar import ${bad}`);
    expect(reply.messages[0]?.message.title).toBe("日历未导入：发现 4 个问题");
    expect(reply.text).toContain("文件：“colour”不是日历文件的键（是否拼错了？）。这里可用：id, name, weekend, years, sources, note。");
    expect(reply.text).toContain("2027 年（years）：“holiday”不是日历文件的键（是否拼错了？）。这里可用：holidays, workdays。");
    expect(reply.text).toContain('2027 年第 1 个节假日的日期（date）“2027-1-5”不是 YYYY-MM-DD 格式的日期。例如："date": "2026-10-01"');
    expect(reply.text).toContain("2027 年第 2 个节假日的日期（date） 2027-02-30 这一天不存在（请检查月份和日期）。");
    writeFileSync(bad, JSON.stringify({ id: "cn", name: "x", weekend: [6, 0], years: { "2027": { holidays: [{ from: "2027-02-10", to: "2027-02-01", name: "春节" }, { date: "2026-12-31", name: "x" }] } } }));
    const second = await bot.as("lina").says(`calendar import ${bad}`);
    expect(second.text).toContain("2027 年第 1 个节假日的开始日期 2027-02-10 晚于结束日期 2027-02-01；请对调。例如：");
    expect(second.text).toContain("2027 年第 2 个节假日的日期（date） 2026-12-31 不在 2027 年内；请把它放到“2026”下面。");
    const text = reply.text + second.text;
    expect(text).not.toMatch(/Unrecognized|Invalid input|expected/i);
  });
});

describe("calendar coverage (en): show near year end, the admin notice and import problems in English", () => {
  let bot: TestBot;
  const dir = mkdtempSync(join(tmpdir(), "calendar-coverage-en-"));

  beforeAll(async () => {
    bot = await createTestBot({ calendarNotices: true });
    await bot.line(":clock 2026-12-07T06:00:00+08:00");
    await setGoLive(bot, "2027-01-18");
    await setPersonLocale(bot, "chen.wei@apollo.example", "en");
    await setPersonLocale(bot, "li.na@apollo.example", "en");
  });
  afterAll(async () => {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("calendar show lists the years covered and warns that 2027 is missing while the go-live is in it", async () => {
    const shown = await bot.as("anna").says("calendar show");
    expect(shown.text).toContain("Years covered");
    expect(shown.text).toContain("⚠️ No data for 2027.");
    const cn = await bot.as("anna").says("calendar show cn");
    expect(cn.text).toContain("⚠️ No data for 2027. Project ");
    expect(cn.text).toContain("goes live on 2027-01-18, in 2027. Until 2027 is imported I count it as weekends only: Saturday and Sunday off");
  });

  it("tells the admin once per calendar and year in English, in their working hours", async () => {
    const first = await bot.line(":clock 2026-12-07T09:30:00+08:00");
    expect(noticeLines(first).sort()).toEqual([
      "dm:chenwei Calendar Deutschland / Germany (de) has no holidays for 2027",
      "dm:chenwei Calendar 中国大陆 / Mainland China (cn) has no holidays for 2027",
    ]);
    expect(first.text).toContain("goes live on 2027-01-18, in 2027.");
    expect(first.text).toContain("the General Office of the State Council publishes 《国务院办公厅关于2027年部分节假日安排的通知》");
    expect(first.text).toContain("Then send calendar import <file> in the console");
    expect(noticeLines(await bot.line(":clock 2026-12-07T10:30:00+08:00"))).toEqual([]);
    expect(noticeLines(await bot.line(":clock 2026-12-08T09:30:00+08:00"))).toEqual([]);
  });

  it("import problems read in English with the field and an example", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ id: "CN!", weekend: [6, 9], years: { "27": {} } }));
    const reply = await bot.as("lina").says(`calendar import ${bad}`);
    expect(reply.messages[0]?.message.title).toBe("The calendar was not imported: 4 problems");
    expect(reply.text).toContain('the calendar id (id) “CN!” may only use lower-case letters, digits, “-” and “_”. For example: "id": "cn-company"');
    expect(reply.text).toContain('the calendar name (name) is missing. Add it, for example: "name": "中国大陆 / Mainland China"');
    expect(reply.text).toContain("weekend day no. 2 (weekend) is 9; weekend days are whole numbers from 0 (Sunday) to 6 (Saturday).");
    expect(reply.text).toContain("The year “27” in years must be four digits in quotes.");
    writeFileSync(bad, JSON.stringify({ id: "cn", name: "x", weekend: [6, 0], years: { "2027": { workdays: [{ date: "2027-01-04", name: "Monday" }] } } }));
    expect((await bot.as("lina").says(`calendar import ${bad}`)).text).toContain("2027, make-up workday no. 1, its date (date) 2027-01-04 is a Monday, not a weekend day");
    writeFileSync(bad, "[1, 2]");
    expect((await bot.as("lina").says(`calendar import ${bad}`)).text).toContain("The file must be one JSON object, not a list […].");
  });

  it("importing cn with 2027 stops its warning", async () => {
    const file = join(dir, "cn.json");
    writeFileSync(file, JSON.stringify(cnWithTestYear("2027")));
    expect((await bot.as("lina").says(`calendar import ${file}`)).text).toContain("for years 2025, 2026, 2027");
    const cn = await bot.as("lina").says("calendar show cn");
    expect(cn.text).toContain("2025, 2026, 2027");
    expect(cn.text).not.toContain("⚠️");
  });
});
