import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleSent } from "../../adapters/console/index.js";
import { readEvent, type UsageEvent } from "../../src/adoption/events.js";
import { buttonsOf, imagesOf } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

const SECRET = "d".repeat(40);
const to = (reply: Reply, where: string): ConsoleSent[] => reply.messages.filter((m) => m.conversation.conversationId === where);
const digestsTo = (reply: Reply, where: string) => to(reply, where).filter((m) => /周报|Weekly digest/.test(m.message.title ?? ""));
const linkOf = (text: string) => /https:\/\/bot\.example\.com(\/digest\/report\?t=[\w.-]+)/.exec(text)?.[1];

const created = (id: string, user: string, at: string, complete = true): UsageEvent => {
  const read = readEvent({ id, occurred_at: at, user, type: "record_created", object: "account", record_id: id, required_fields: ["name", "phone"], filled_fields: complete ? ["name", "phone"] : ["name"] }, new Date("2027-01-01T00:00:00Z"));
  if ("reason" in read) throw new Error(read.reason);
  return read;
};

/** PNG width and height from its IHDR chunk (after checking the signature). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(b.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * The weekly sponsor digest on the demo project (Asia/Shanghai; 王芳 is the sponsor, 李娜 the PM): sections that
 * appear as their domains have something to say, decisions answered from the digest's buttons, the PM's status word,
 * the Monday schedule through an outage, history, and the signed web report.
 */
describe("the weekly sponsor digest through the console", () => {
  let bot: TestBot;
  let base: string;

  beforeAll(async () => {
    bot = await createTestBot({ digests: true, clock: new Date("2026-12-02T02:00:00Z"), env: { DATA_DIR: mkdtempSync(join(tmpdir(), "digest-")), PORT: "0", HOST: "127.0.0.1", LINK_SECRET: SECRET, PUBLIC_URL: "https://bot.example.com" } });
    await bot.line(":clock 2026-12-02T02:00:00Z");
    const http = await bot.runtime.startHttp();
    base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await bot.close();
  });

  it("a fresh project: the status and the go-live countdown only, in the sponsor's language, with a report link", async () => {
    const preview = await bot.as("wangfang").dm().says("digest preview");
    expect(preview.messages).toHaveLength(1);
    expect(preview.text).toContain("项目周报 · Apollo CRM 上线");
    expect(preview.text).toContain("项目状态：🟢 绿");
    expect(preview.text).toMatch(/上线日期 2027-01-1\d：还有 4\d 天/);
    for (const absent of ["需要你决策", "本周交付", "站会", "CRM 使用情况", "风险与变更"]) expect(preview.text).not.toContain(absent);
    expect(linkOf(preview.text)).toBeDefined();
    expect(preview.text).toContain("2026-12-16 前有效");
  });

  it("only sponsors, the PM and admins read it; only the PM or an admin sends it or sets the status", async () => {
    expect((await bot.as("liuyang").dm().says("digest preview")).text).toContain("项目发起人或项目经理");
    expect((await bot.as("anna").dm().says("digest preview")).text).toMatch(/needs the sponsor or project manager role/);
    expect((await bot.as("wangfang").dm().says("digest send")).text).toContain("需要本项目的「项目经理」角色");
    expect((await bot.as("wangfang").dm().says('project status red "x"')).text).toContain("需要本项目的「项目经理」角色");
    expect((await bot.as("chenwei").dm().says("digest preview")).text).toContain("项目周报");
  });

  it("bad arguments are named, with an example", async () => {
    expect((await bot.as("lina").dm().says("digest time someday 09:00")).text).toContain("weekday");
    expect((await bot.as("lina").dm().says("digest time mon 25:00")).text).toContain("time");
    expect((await bot.as("lina").dm().says("project status purple")).text).toContain("status");
    expect((await bot.as("lina").dm().says("project status amber")).text).toContain("请附上说明");
    expect((await bot.as("lina").dm().says("digest recipients everyone")).text).toContain("roles");
  });

  it("digest send reaches the sponsor and the PM's copy now; a second look the same day says nothing changed", async () => {
    const sent = await bot.as("lina").dm().says("digest send");
    expect(sent.text).toContain("周报已发送给 2 人");
    expect(digestsTo(sent, "dm:wangfang")).toHaveLength(1);
    expect(digestsTo(sent, "dm:lina")).toHaveLength(1);
    const again = await bot.as("wangfang").dm().says("digest preview");
    expect(again.text).toContain("自上次周报（2026-12-02）以来没有变化。");
    expect(again.text).not.toContain("里程碑与上线");
  });

  it("each section appears once its domain has something to say; the RAG reasons and the PM's word show", async () => {
    await bot.as("lina").dm().says('task add "Load the price lists" --r @liuyang --a @zhangmin --due 2026-11-25');
    const erp = /T-\d+/.exec((await bot.as("lina").dm().says('task add "Connect the ERP" --r @liuyang --a @lina --due 2026-12-20')).text)![0];
    await bot.as("liuyang").dm().says(`task status ${erp} blocked --note "waiting for ERP credentials"`);
    const mig = /T-\d+/.exec((await bot.as("lina").dm().says('task add "Migrate accounts" --r @liuyang --a @lina --due 2026-12-01')).text)![0];
    await bot.as("liuyang").dm().says(`task done ${mig}`);
    await bot.as("lina").dm().says('risk add "Key user leaves before go-live" --impact high --likelihood high --owner @zhangmin');
    await bot.as("liuyang").dm().says('change request "Add a WeChat lead source" --impact-time 5 --impact-cost 20000 --impact-scope "Lead import"');
    await bot.as("lina").dm().says('change review CR-1 recommend "Sales asked for it"');
    expect((await bot.as("lina").dm().says('project status amber "Data migration slips a week"')).text).toContain("Data migration slips a week");

    const preview = await bot.as("wangfang").dm().says("digest preview");
    const text = preview.text;
    expect(text).toContain("项目状态：🟠 黄");
    expect(text).toContain("有 1 项任务已上报给发起人");
    expect(text).toContain("有一项未关闭风险的风险值为 9");
    expect(text).toContain("项目经理的判断：🟠 黄 ——“Data migration slips a week”（李娜 Li Na，2026-12-02）");
    expect(text).toContain("需要你决策的事项：2 项");
    expect(text).toContain("CR-1");
    expect(text).toContain("本周交付");
    expect(text).toContain("完成 1 项 · 计划 1 项中完成 1 项");
    expect(text).toContain("张敏 Zhang Min 1");
    expect(text).toMatch(/T-2 Connect the ERP：已受阻 \d 天/);
    expect(text).toContain("R-1 Key user leaves before go-live（风险值 9）");
    // The order of the sections: most important first.
    const order = ["项目状态", "需要你决策", "里程碑与上线", "本周交付", "风险与变更", "完整报告"].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("a decision is answered from the digest's own buttons", async () => {
    const preview = await bot.as("wangfang").dm().says("digest preview");
    const buttons = buttonsOf(preview.messages[0]!.message);
    const approve = buttons.findIndex((b) => b.command.startsWith("change decide CR-1 approve"));
    expect(approve).toBeGreaterThanOrEqual(0);
    await bot.as("wangfang").dm().clicks(approve + 1);
    // Governance asks the decider why, as it does wherever the command comes from.
    const decided = await bot.as("wangfang").dm().says("Sales asked for it");
    expect(decided.text).toContain("CR-1：已批准");
    const after = await bot.as("wangfang").dm().says("digest preview");
    expect(after.text).toContain("需要你决策的事项：1 项");
    expect(after.text).not.toContain("change decide CR-1");
    expect(buttonsOf(after.messages[0]!.message).some((b) => b.command.startsWith("change decide"))).toBe(false);
  });

  it("adoption: active of licensed, completeness, and the eight-week trend as a PNG of the expected size", async () => {
    const project = await bot.runtime.database.db.selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    await bot.runtime.services.adoption.settings.update(project.id, { licensed: 10 });
    const users = ["zhang.min@apollo.example", "liu.yang@apollo.example", "anna.schmidt@apollo.example", "tom.becker@apollo.example"];
    const events: UsageEvent[] = [];
    for (let week = 0; week < 6; week++) {
      const day = new Date(Date.UTC(2026, 9, 26 + week * 7, 3)).toISOString();
      users.slice(0, [1, 2, 3, 4, 2, 1][week]).forEach((u, i) => events.push(created(`W${week}-${i}`, u, day, i % 2 === 0)));
    }
    await bot.runtime.services.adoption.ingest(project.tenant_id, project.id, events);
    const preview = await bot.as("wangfang").dm().says("digest preview");
    expect(preview.text).toContain("CRM 使用情况 · 2026-W48");
    expect(preview.text).toContain("10 个授权中 2 人活跃（20%）");
    expect(preview.text).toContain("CRM 活跃用户从 4 降到 2");
    const images = imagesOf(preview.messages[0]!.message);
    expect(images).toHaveLength(1);
    expect(images[0]!.alt).toContain("使用趋势");
    const { width, height } = pngSize(images[0]!.png);
    expect(width).toBeGreaterThan(1100);
    expect(width).toBeLessThan(1500);
    expect(height).toBeGreaterThan(500);
    expect(height).toBeLessThan(900);
    // The console wrote it to a file under DATA_DIR and printed the path.
    expect(bot.printed.at(-1)).toMatch(/🖼 .*→ .*images\/[0-9a-f]{64}\.png/);
  });

  it("Monday 09:00 falls in an outage: the digest goes out late, marked late, once — to the sponsor and the PM's copy", async () => {
    await bot.line(":clock 2026-12-07T00:50:00Z");
    const during = await bot.line(":clock 2026-12-07T03:10:00Z");
    const sponsor = digestsTo(during, "dm:wangfang");
    expect(sponsor).toHaveLength(1);
    const text = toPlainText(sponsor[0]!.message);
    expect(text).toContain("补发");
    expect(text).toContain("12-07 09:00");
    expect(text).toContain("项目周报 · Apollo CRM 上线 · 2026-12-01 – 2026-12-07");
    expect(linkOf(text)).toBeDefined();
    expect(digestsTo(during, "dm:lina")).toHaveLength(1);
    for (const who of ["liuyang", "zhangmin", "anna", "tom"]) expect(digestsTo(during, `dm:${who}`)).toHaveLength(0);
    const later = await bot.line(":clock 2026-12-07T05:00:00Z");
    expect(digestsTo(later, "dm:wangfang")).toHaveLength(0);
    const history = await bot.as("wangfang").dm().says("digest history");
    expect(history.text).toMatch(/2026-12-07 · 每周 · 🟠 黄/);
    expect(history.text).toMatch(/2026-12-02 · 手动发送 · 🟢 绿/);
  });

  it("digest time moves the weekly digest; recipients can drop the PM's copy", async () => {
    expect((await bot.as("lina").dm().says("digest time fri 16:30")).text).toContain("周五 16:30");
    const recipients = await bot.as("lina").dm().says("digest recipients none");
    expect(recipients.text).toContain("无：只发给发起人");
    expect(recipients.text).toContain("王芳 Wang Fang");
    expect(recipients.text).not.toContain("李娜 Li Na");
    const friday = await bot.line(":clock 2026-12-11T08:31:00Z");
    expect(digestsTo(friday, "dm:wangfang")).toHaveLength(1);
    expect(digestsTo(friday, "dm:lina")).toHaveLength(0);
    await bot.as("lina").dm().says("digest recipients pm");
  });

  it("the web report: the same content with the lists behind the numbers; tampered, foreign, revoked or expired links get 403", async () => {
    const preview = await bot.as("wangfang").dm().says("digest preview");
    const path = linkOf(preview.text)!;
    const page = await fetch(`${base}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("Apollo CRM 上线");
    expect(html).toContain("<svg");
    expect(html).toContain("Connect the ERP");
    expect(html).toContain("waiting for ERP credentials");
    expect(html).not.toContain("<script");

    const [payload, mac] = path.split("t=")[1]!.split(".");
    const tampered = `${payload}.${mac!.slice(0, -2)}xx`;
    expect((await fetch(`${base}/digest/report?t=${tampered}`)).status).toBe(403);
    const [id, , expires] = JSON.parse(Buffer.from(payload!, "base64url").toString()) as number[];
    const { signLink } = await import("../../src/digest/links.js");
    // Signed with the right secret, but naming another tenant: the link row is not found there.
    const foreign = signLink(SECRET, { id: id!, tenantId: 999_999, expiresAt: expires! });
    const refused = await fetch(`${base}/digest/report?t=${foreign}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain("Apollo");

    expect((await bot.as("wangfang").dm().says("digest revoke")).text).toMatch(/已作废 \d+ 个报告链接/);
    expect((await fetch(`${base}${path}`)).status).toBe(403);
    expect((await bot.as("wangfang").dm().says("digest revoke --all")).text).toContain("只有项目经理或管理员");

    const fresh = linkOf((await bot.as("lina").dm().says("digest preview")).text)!;
    expect((await fetch(`${base}${fresh}`)).status).toBe(200);
    await bot.line(":clock 2026-12-26T08:00:00Z");
    expect((await fetch(`${base}${fresh}`)).status).toBe(403);
  });
  it("feedback: new against resolved this week, open by priority and type, urgent items past their target, what changed; in chat and the report", async () => {
    await bot.line(":clock 2026-12-28T01:00:00Z"); // Monday 09:00 in Shanghai
    await bot.as("liuyang").dm().says('反馈 "报价单导出PDF缺少公司抬头" --type bug --module quotes');
    await bot.as("zhangmin").dm().says("feedback triage FB-1 --priority high");
    await bot.as("zhangmin").dm().says("feedback status FB-1 resolved");
    await bot.as("lina").dm().says("feedback release 2026.12 FB-1");
    await bot.as("tom").dm().says('feedback "Orders from the ERP stop syncing at night" --priority urgent --type data');
    await bot.as("liuyang").dm().says('反馈 "希望增加批量转移客户" --type suggestion');
    await bot.line(":clock 2026-12-28T06:30:00Z"); // 14:30: FB-2 untriaged for 5 h 30, past the 4-hour target

    const zh = (await bot.as("wangfang").dm().says("digest preview")).text;
    expect(zh).toContain("用户反馈");
    expect(zh).toContain("新增 3 条 · 解决 1 条");
    expect(zh).toContain("未关闭");
    expect(zh).toContain("紧急 1 · 普通 1");
    expect(zh).toContain("数据问题 1 · 建议 1");
    expect(zh).toContain("1 条紧急反馈超过 4 小时响应时限仍未分诊");
    expect(zh).toContain("FB-2 Orders from the ERP stop syncing at night（已等待 5 小时）");
    expect(zh).toContain("本周因反馈而改进：1 项");
    expect(zh).toContain("2026.12：1 项（FB-1）");
    // After the other sections, before the report link.
    expect(zh.indexOf("用户反馈")).toBeGreaterThan(zh.indexOf("风险与变更"));
    expect(zh.indexOf("用户反馈")).toBeLessThan(zh.indexOf("完整报告"));

    await bot.as("lina").dm().says("member role @anna sponsor");
    const en = await bot.as("anna").dm().says("digest preview");
    expect(en.text).toContain("User feedback");
    expect(en.text).toContain("3 new · 1 resolved");
    expect(en.text).toContain("urgent 1 · normal 1");
    expect(en.text).toContain("1 urgent item is still untriaged past the 4-hour response target");
    expect(en.text).toContain("FB-2 Orders from the ERP stop syncing at night (waiting 5 h)");
    expect(en.text).toContain("Changed because of feedback this week: 1 item");

    const html = await (await fetch(`${base}${linkOf(en.text)!}`)).text();
    expect(html).toContain('<section id="feedback"><h2>User feedback</h2>');
    expect(html).toContain("报价单导出PDF缺少公司抬头");
    expect(html).toContain("2026.12: 1 item (FB-1)");
    expect(html).toContain("waiting 5 h");
  });
});
