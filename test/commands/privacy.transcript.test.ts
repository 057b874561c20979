import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

// 刘洋 (member of the demo's sales team) answers a stand-up, holds tasks, raises a blocker; then asks for his data,
// and the admin 陈伟 erases him.
describe("personal data: export, erasure and retention through the console", () => {
  let bot: TestBot;
  let liuyangId: number;
  const db = () => bot.runtime.database.db;

  beforeAll(async () => {
    bot = await createTestBot({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), "privacy-")), PORT: "0", HOST: "127.0.0.1", LINK_SECRET: "s".repeat(40), PUBLIC_URL: "https://bot.example.com" } });
    await bot.line(":clock 2026-09-20T08:00:00+08:00");
    await bot.as("lina").says('standup setup "Sales Ops 销售运营"');
    await bot.line(":clock 2026-09-20T09:30:00+08:00");
    await bot.as("liuyang").dm().says('standup --yesterday "整理了客户清单" --today "导入线索" --blockers "缺少导入模板"');
    await bot.as("zhangmin").dm().says('standup --yesterday "培训" --today "答疑" --blockers "无"');
    await bot.as("lina").says('task add "准备线索导入模板" --r @liuyang --a @lina --due 2026-09-30');
    await bot.as("liuyang").says('task add "核对客户数据" --r @zhangmin --a @liuyang --due 2026-09-30');
    await bot.as("liuyang").dm().says("反馈 客户列表页打开要十几秒，导入线索时经常超时");
    await bot.as("liuyang").says('thanks @zhangmin "帮我核对了客户数据"');
    await bot.as("zhangmin").says('感谢 @liuyang "导入模板做得很清楚"');
    liuyangId = (await db().selectFrom("people").select("id").where("display_name", "=", "刘洋 Liu Yang").executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await bot.close();
  });

  it("a person exports their own data: every feature that keeps something about them is in the file", async () => {
    const reply = await bot.as("liuyang").dm().says("隐私 导出 我");
    expect(reply.text).toContain("导出文件（共");
    const file = /(\/\S+\.json)/.exec(reply.text)?.[1];
    expect(file).toBeDefined();
    const document = JSON.parse(readFileSync(file!, "utf8")) as { person: string; data: Record<string, Record<string, unknown>> };
    expect(document.person).toBe("刘洋 Liu Yang");
    expect(Object.keys(document.data).sort()).toEqual(expect.arrayContaining(["people", "projects", "teams", "standups", "raci", "feedback", "adoption", "audit", "outbox"]));
    expect(JSON.stringify(document.data.feedback)).toContain("客户列表页打开要十几秒");
    expect(JSON.stringify(document.data.adoption)).toContain("帮我核对了客户数据");
    expect(JSON.stringify(document.data.adoption)).toContain("导入模板做得很清楚");
    expect(JSON.stringify(document.data.standups)).toContain("整理了客户清单");
    expect(JSON.stringify(document.data.raci)).toContain("准备线索导入模板");
    expect(document.data.people!.profile).toMatchObject({ name: "刘洋 Liu Yang", email: "liu.yang@apollo.example" });
  });

  it("only an admin exports someone else, and the refusal is audited", async () => {
    const refused = await bot.as("zhangmin").dm().says("privacy export @liuyang");
    expect(refused.text).toContain("只有管理员可以导出他人的数据");
    const audit = await db().selectFrom("audit_log").select(["action", "outcome"]).where("action", "=", "privacy export").where("outcome", "=", "refused").execute();
    expect(audit.length).toBeGreaterThan(0);
    expect((await bot.as("anna").dm().says("privacy export @nobody-here")).text).toMatch(/nobody-here/);
  });

  it("a platform user gets a signed link in a DM; the link serves the file, a tampered or missing one gets 403", async () => {
    const http = await bot.runtime.startHttp();
    const { port } = http.server.address() as AddressInfo;
    const { signExportGrant } = await import("../../src/privacy/export-link.js");
    const tenantId = (await db().selectFrom("people").select("tenant_id").where("id", "=", liuyangId).executeTakeFirstOrThrow()).tenant_id;
    const token = signExportGrant("s".repeat(40), { tenantId, personId: liuyangId, requestedBy: liuyangId, expiresAt: Date.now() + 3600_000 });
    const ok = await fetch(`http://127.0.0.1:${port}/privacy/export?t=${token}`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { person: string }).person).toBe("刘洋 Liu Yang");
    const tampered = token.slice(0, -2) + (token.endsWith("A") ? "BB" : "AA");
    expect((await fetch(`http://127.0.0.1:${port}/privacy/export?t=${tampered}`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/privacy/export`)).status).toBe(403);
    // The bot's clock says 2026-09-20 09:30 (+08:00): a link that expired a minute before.
    const expired = signExportGrant("s".repeat(40), { tenantId, personId: liuyangId, requestedBy: liuyangId, expiresAt: Date.parse("2026-09-20T09:29:00+08:00") });
    const gone = await fetch(`http://127.0.0.1:${port}/privacy/export?t=${expired}`);
    expect(gone.status).toBe(403);
    expect(await gone.text()).not.toContain("刘洋");
  });

  it("a person of another tenant cannot be exported: not by name in chat, not by a link naming them; both are audited", async () => {
    const services = bot.runtime.services;
    const other = await services.tenants.ensure("slack", "T0OTHERCO", { name: "Other Co", locale: "en", timezone: "Europe/Berlin" });
    const stranger = await services.people.create(other.id, { displayName: "Otto Stranger", email: "otto@other.example" });
    await services.people.linkIdentity(other.id, stranger.id, "console", "otto");
    const demoTenant = (await db().selectFrom("people").select("tenant_id").where("id", "=", liuyangId).executeTakeFirstOrThrow()).tenant_id;
    const audited = async () => (await db().selectFrom("audit_log").select("id").where("action", "like", "privacy export%").where("outcome", "=", "refused").where("tenant_id", "=", demoTenant).execute()).length;

    const before = await audited();
    const byName = await bot.as("chenwei").dm().says("privacy export @otto");
    expect(byName.text).not.toContain("Otto Stranger");
    expect(byName.text).toMatch(/otto/);
    expect(await audited()).toBe(before + 1);

    const http = await bot.runtime.startHttp();
    const { port } = http.server.address() as AddressInfo;
    const { signExportGrant } = await import("../../src/privacy/export-link.js");
    const chenwei = (await db().selectFrom("people").select("id").where("display_name", "like", "%陈伟%").executeTakeFirstOrThrow()).id;
    const foreign = signExportGrant("s".repeat(40), { tenantId: demoTenant, personId: stranger.id, requestedBy: chenwei, expiresAt: Date.now() + 3600_000 });
    const answer = await fetch(`http://127.0.0.1:${port}/privacy/export?t=${foreign}`);
    expect(answer.status).toBe(403);
    expect(await answer.text()).not.toContain("Otto");
    expect(await audited()).toBe(before + 2);
    // The other tenant's own records are untouched and hold nothing of this tenant.
    expect(await db().selectFrom("audit_log").select("id").where("tenant_id", "=", other.id).execute()).toEqual([]);
  });

  it("erasure waits while they are the only Accountable of open tasks, and erases nothing meanwhile", async () => {
    expect((await bot.as("lina").dm().says('privacy erase @liuyang --reason "left"')).text).toContain("需要本项目的「管理员」角色");
    await bot.as("chenwei").dm().says('privacy erase @liuyang --reason "已离职，本人申请删除"');
    const held = await bot.as("chenwei").dm().says("是");
    expect(held.text).toContain("暂时不能删除 刘洋 Liu Yang 的数据");
    expect(held.text).toMatch(/是 1 项未完成任务的唯一负责人（A）：T-\d+ 核对客户数据/);
    expect(held.text).toContain("未删除任何数据");
    expect(await db().selectFrom("people").select("id").where("id", "=", liuyangId).executeTakeFirst()).toBeDefined();
  });

  it("the last admin cannot be erased", async () => {
    await bot.as("chenwei").dm().says('privacy erase @chenwei --reason "test"');
    expect((await bot.as("chenwei").dm().says("是")).text).toContain("是项目 Apollo CRM 上线 唯一的管理员");
  });

  it("once the tasks have a new A, erasure removes them from every table, and tasks keep a former member", async () => {
    const key = (await db().selectFrom("tasks").select("key").where("title", "=", "核对客户数据").executeTakeFirstOrThrow()).key;
    await bot.as("lina").says(`task assign ${key} --a @lina`);
    await bot.as("chenwei").dm().says('privacy erase @liuyang --reason "已离职，本人申请删除"');
    const done = await bot.as("chenwei").dm().says("是");
    expect(done.text).toContain("其数据已从所有功能中删除");

    // No column that refers to a person names them any more, in any table (every foreign key to people).
    const columns = await sql<{ table_name: string; column_name: string }>`
      select kcu.table_name, kcu.column_name
      from information_schema.referential_constraints rc
      join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
      join information_schema.key_column_usage pk on pk.constraint_name = rc.unique_constraint_name and pk.constraint_schema = rc.unique_constraint_schema
      where rc.constraint_schema = current_schema() and pk.table_name = 'people' and pk.column_name = 'id'`.execute(db());
    expect(columns.rows.length).toBeGreaterThan(8);
    for (const { table_name, column_name } of columns.rows) {
      const found = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)} where ${sql.ref(column_name)} = ${liuyangId}`.execute(db());
      expect({ table: table_name, column: column_name, rows: found.rows[0]!.n }).toEqual({ table: table_name, column: column_name, rows: 0 });
    }
    // …and no kept text carries their name: the task history and posted summaries say "former member" instead.
    for (const table of ["task_history", "audit_log", "deliveries", "feedback_items"]) {
      const named = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t where strpos(t::text, ${"刘洋"}) > 0`.execute(db());
      expect({ table, rows: named.rows.map((r) => r.row) }).toEqual({ table, rows: [] });
    }
    const shown = await bot.as("lina").says("task list all");
    expect(shown.text).toContain("Former member · 前成员");
    // The audit entry says who erased and why, not whom.
    const entry = await db().selectFrom("audit_log").select(["details"]).where("action", "=", "privacy erase").where("outcome", "=", "ok").executeTakeFirstOrThrow();
    expect(JSON.stringify(entry.details)).not.toContain("刘洋");
  });

  it("when they write again they start fresh, as a new person", async () => {
    await bot.line(":as @liuyang");
    const reply = await bot.line("whoami");
    expect(reply.text).not.toContain("Apollo CRM");
    const again = await db().selectFrom("people").select("id").where("id", "=", liuyangId).executeTakeFirst();
    expect(again).toBeUndefined();
  });

  it("retention: defaults shown to the admin, one changed, bad input refused in the person's words", async () => {
    const shown = await bot.as("chenwei").dm().says("隐私 保留期");
    expect(shown.text).toContain("站会回答");
    expect(shown.text).toContain("365 天（默认）");
    expect(shown.text).toContain("1095 天（默认）");
    expect((await bot.as("chenwei").dm().says("隐私 保留期 standups.answers 180")).text).toContain("180 天");
    expect((await bot.as("chenwei").dm().says("privacy retention standups.answer 180")).text).toContain("standups.answers");
    expect((await bot.as("chenwei").dm().says("privacy retention audit.log 0")).text).toContain("1 到 3650");
    expect((await bot.as("zhangmin").dm().says("privacy retention")).text).toContain("管理员");
  });

  it("the nightly purge blanks answers past retention and deletes delivered messages past theirs, in batches", async () => {
    // Zhang Min's stand-up answer of 2026-09-20 is 181 days old on 2027-03-20 (retention now 180 days).
    const before = await db().selectFrom("standup_runs").select("id").where("answers", "is not", null).execute();
    expect(before.length).toBeGreaterThan(0);
    await bot.line(":clock 2027-03-20T18:59:00Z");
    await bot.line(":clock 2027-03-20T19:00:00Z");
    const after = await db().selectFrom("standup_runs").select("id").where("answers", "is not", null).execute();
    expect(after).toHaveLength(0);
    const oldDelivered = await db().selectFrom("deliveries").select("id").where("status", "=", "sent").where("updated_at", "<", new Date("2027-02-15T00:00:00Z")).execute();
    expect(oldDelivered).toHaveLength(0);
  });
});
