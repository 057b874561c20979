import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

const prompted = (reply: Reply): string[] =>
  reply.messages.filter((m) => m.conversation.kind === "direct" && /· \d{4}-\d{2}-\d{2}$/.test(m.message.title ?? "")).map((m) => m.conversation.conversationId).sort();

const COMPANY = {
  id: "cn",
  name: "公司日历 Company",
  weekend: [6, 0],
  years: { "2026": { holidays: [{ date: "2026-12-01", name: "公司团建" }], workdays: [{ date: "2026-12-05", name: "年终冲刺" }] } },
};

describe("calendars: show, import from a file or pasted JSON, and the stand-ups follow the import", () => {
  let bot: TestBot;
  const dir = mkdtempSync(join(tmpdir(), "calendar-import-"));

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-09-15T08:00:00+08:00");
  });
  afterAll(async () => {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows the built-in calendar a person follows, with what comes up", async () => {
    const shown = await bot.as("lina").says("日历");
    expect(shown.messages[0]?.message.title).toBe("日历 中国大陆 / Mainland China（cn）");
    expect(shown.text).toContain("内置（calendars/）");
    expect(shown.text).toContain("2026-09-20 · 国庆节调休 (调休上班)");
    expect(shown.text).toContain("2026-10-01 – 2026-10-07 · 国庆节");
    const berlin = await bot.as("anna").says("calendar show");
    expect(berlin.messages[0]?.message.title).toBe("Calendar Deutschland / Germany (de)");
    expect((await bot.as("anna").says("calendar show xx")).text).toContain("There is no calendar “xx”");
    await bot.line(":clock 2026-11-30T08:00:00+08:00");
  });

  it("rejects a file with every problem listed, and a path that does not exist", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ id: "cn", name: "x", weekend: [6, 0], years: { "2026": { holidays: [{ date: "2025-12-31", name: "?" }], workdays: [{ date: "2026-09-21", name: "Monday" }] } } }));
    const reply = await bot.as("lina").says(`calendar import ${bad}`);
    expect(reply.messages[0]?.message.title).toBe("日历未导入：发现 2 个问题");
    expect(reply.text).toContain("2026 年第 1 个节假日的日期（date） 2025-12-31 不在 2026 年内；请把它放到“2025”下面。");
    expect(reply.text).toContain("2026 年第 1 个调休上班日的日期（date） 2026-09-21 是周一，不是周末；调休上班日一定在周末。");
    expect((await bot.as("lina").says("calendar import no/such/file.json")).text).toContain("找不到该文件");
    writeFileSync(join(dir, "broken.json"), "{ not json");
    expect((await bot.as("lina").says(`calendar import ${join(dir, "broken.json")}`)).text).toContain("这不是有效的日历 JSON");
  });

  it("imports a file given by path in the console, replacing the built-in calendar for this workspace", async () => {
    const good = join(dir, "cn-company.json");
    writeFileSync(good, JSON.stringify(COMPANY));
    const reply = await bot.as("lina").says(`calendar import ${good}`);
    expect(reply.text).toContain("已替换日历 cn（公司日历 Company），年份：2026");
    const shown = await bot.as("lina").says("calendar show");
    expect(shown.text).toContain("本工作区导入");
    expect(shown.text).toContain("2026-12-01 · 公司团建");
  });

  it("takes pasted JSON as the next DM message, and can be cancelled", async () => {
    expect((await bot.as("lina").in("#apollo").says("calendar import")).text).toContain("在与我的私聊中粘贴日历 JSON");
    const waiting = await bot.as("lina").says("日历 导入");
    expect(waiting.text).toContain("请在 10 分钟内把日历 JSON 作为下一条消息发到这里");
    // A command in the meantime is still a command.
    expect((await bot.as("lina").says("whoami")).messages[0]?.message.title).toContain("李娜");
    const pasted = await bot.as("lina").says(JSON.stringify({ ...COMPANY, name: "公司日历 v2" }));
    expect(pasted.text).toContain("已替换日历 cn（公司日历 v2）");
    await bot.as("lina").says("calendar import");
    expect((await bot.as("lina").says("取消")).text).toContain("已取消导入日历");
    expect((await bot.as("lina").says("calendar show")).messages[0]?.message.title).toBe("日历 公司日历 v2（cn）");
  });

  it("chat platforms cannot make the bot read files: only pasted JSON", async () => {
    const tenant = (await bot.runtime.services.tenants.find("console", "demo"))!;
    expect(await bot.runtime.services.calendar.importText(tenant.id, "calendars/cn.json", { allowFiles: false, importedBy: null })).toEqual({ ok: false, reason: "files_not_allowed" });
  });

  it("stand-up prompts follow the imported calendar: no prompt on its holiday, a prompt on its make-up Saturday", async () => {
    await bot.as("lina").says('standup setup "Sales Ops 销售运营"');
    expect(prompted(await bot.line(":clock 2026-12-01T09:30:00+08:00"))).toEqual([]);
    expect(prompted(await bot.line(":clock 2026-12-02T09:30:00+08:00"))).toEqual(["dm:lina", "dm:liuyang", "dm:zhangmin"]);
    expect(prompted(await bot.line(":clock 2026-12-05T09:30:00+08:00"))).toEqual(["dm:lina", "dm:liuyang", "dm:zhangmin"]);
    // The built-in cn calendar is replaced, not merged: its National Day list is gone for this workspace.
    const lina = await bot.runtime.database.db.selectFrom("people").select(["id", "tenant_id"]).where("email", "=", "li.na@apollo.example").executeTakeFirstOrThrow();
    const rules = await bot.runtime.services.calendar.rulesFor(lina.tenant_id, lina.id);
    expect(rules.calendar.name).toBe("公司日历 v2");
  });
});
