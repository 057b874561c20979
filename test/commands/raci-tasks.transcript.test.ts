import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import { buttonsOf } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

/** A CSV pasted as one multi-line DM message (what chat platforms deliver; the console reads line by line). */
async function paste(bot: TestBot, handle: string, csv: string): Promise<Reply> {
  const { runtime } = bot;
  const before = runtime.console!.sent.length;
  await runtime.console!.sink()({
    kind: "message",
    text: csv,
    mentionsBot: false,
    dedupeKey: `paste-${handle}-${before}-${csv.length}`,
    conversation: { platform: "console", tenantId: "demo", conversationId: `dm:${handle}`, kind: "direct" },
    actor: { platform: "console", tenantId: "demo", userId: handle, displayName: handle, isBot: false },
    receivedAt: new Date().toISOString(),
    raw: null,
  });
  await runtime.settle();
  const messages = runtime.console!.sent.slice(before);
  return { messages, text: messages.map((m) => `${m.message.title ?? ""}\n${toPlainText(m.message)}`).join("\n\n") };
}

const full = (reply: Reply) => reply.messages.map((m) => `${m.message.title ?? ""}\n${toPlainText(m.message)}`).join("\n\n");

async function taskCount(bot: TestBot): Promise<number> {
  const rows = await bot.runtime.database.db.selectFrom("tasks").select("id").execute();
  return rows.length;
}

describe("RACI tasks, permissions and import through the console driver", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-06-10T10:00+08:00");
    await bot.as("lina").says("member add 13800000000 --role member");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("adds tasks with per-project keys; people by @id, name and email; A defaults to the creator", async () => {
    const first = await bot.as("lina").says("任务 添加 “准备培训材料” --r “@liuyang、张敏 Zhang Min” --c tom.becker@apollo.example --due 明天 --phase uat");
    expect(first.messages[0]?.message.title).toBe("T-1 · 准备培训材料");
    expect(first.text).toMatch(/负责执行（R）: (刘洋 Liu Yang, 张敏 Zhang Min|张敏 Zhang Min, 刘洋 Liu Yang)/);
    expect(first.text).toContain("批准负责（A）: 李娜 Li Na");
    expect(first.text).toContain("咨询（C）: Tom Becker");
    expect(first.text).toContain("截止: 2026-06-11（周四）");
    expect(first.text).toContain("阶段: 用户验收测试");
    const second = await bot.as("lina").says('task add "Data migration" --r @liuyang --a @zhangmin --i anna --due "2026-06-12 18:00" --phase build');
    expect(second.messages[0]?.message.title).toBe("T-2 · Data migration");
    expect(buttonsOf(second.messages[0]!.message).map((b) => b.command)).toEqual(["task done T-2", "task snooze T-2 1d", "task status T-2 blocked"]);
  });

  it("refuses politely and audits: done needs R, A or the PM; due needs A or the PM", async () => {
    const refused = await bot.as("anna").says("task done T-2");
    expect(refused.text).toContain("Sorry, only the task's Responsible (刘洋 Liu Yang) or Accountable person (张敏 Zhang Min) or the project manager can run task done on T-2.");
    const tenant = await bot.runtime.services.tenants.find("console", "demo");
    const audit = await bot.runtime.services.audit.recent(tenant!.id, 5);
    expect(audit[0]).toMatchObject({ action: "task done", outcome: "refused", details: { task: "T-2" }, conversation: { conversationId: "dm:anna" } });
    // One refusal, one audit row: the dispatcher records it, nothing else adds an "invalid" row for it.
    expect(audit.filter((a) => a.action === "task done" && a.createdAt >= audit[0]!.createdAt)).toHaveLength(1);
    const shown = await bot.as("anna").says("task show T-2");
    expect(shown.text).toContain("Status: Open");
    expect(shown.text).toContain("Due: Fri 2026-06-12 18:00");
    expect((await bot.as("liuyang").says("task due T-2 2026-06-20")).text).toContain("只有该任务的 A（张敏 Zhang Min）或项目经理可以对 T-2 执行 task due");
    expect((await bot.as("tom").says("task snooze T-2")).text).toContain("Sorry, only the task's Responsible (");
    expect((await bot.as("zhangmin").says("task due T-2 2026-06-19")).text).toContain("T-2 的截止时间改为 2026-06-19");
    expect((await bot.as("lina").says("task status T-2 进行中")).text).toContain("T-2 的状态改为「进行中」");
  });

  it("keeps the RACI invariants: one A, at least one R, only project members", async () => {
    expect((await bot.as("lina").says('task add "X" --r nobody')).text).toContain("找不到“nobody”");
    expect((await bot.as("lina").says('task add "X" --r @liuyang --a "张敏;@tom"')).text).toContain("只能有一位批准负责人");
    expect((await bot.as("lina").says('task assign T-1 --r ""')).text).toContain("至少需要一位负责执行人");
    expect((await bot.as("lina").says("task assign T-1 --i anna --c none")).text).toContain("已更新 T-1 的分工");
    expect(await taskCount(bot)).toBe(2);
  });

  it("lists mine, overdue, by person and by phase; the matrix is a table per phase", async () => {
    await bot.line(":clock 2026-06-15T10:00+08:00");
    const mine = await bot.as("liuyang").says("task list");
    expect(mine.messages[0]?.message.title).toBe("我的任务 (2)");
    const overdue = await bot.as("liuyang").says("任务 列表 逾期");
    expect(overdue.text).toContain("T-1 准备培训材料");
    expect(overdue.text).toContain("已逾期 2 个工作日");
    expect((await bot.as("anna").says("task list --person @liuyang")).messages[0]?.message.title).toBe("Tasks of 刘洋 Liu Yang (2)");
    const uat = await bot.as("lina").says("task list all --phase uat");
    expect(uat.text).toContain("T-1");
    expect(uat.text).not.toContain("T-2");
    const matrix = await bot.as("lina").says("raci matrix");
    expect(matrix.messages[0]?.message.title).toBe("RACI 矩阵 · Apollo CRM 上线");
    const tables = matrix.messages[0]!.message.blocks.flatMap((b) => (b.type === "text" ? [b.markdown] : []));
    expect(tables).toHaveLength(2);
    // Phases in the project's order: build (T-2) before UAT (T-1), whatever the task numbers (#15).
    expect(tables[1]).toMatch(/^\*\*用户验收测试\*\* \(1\)\n```\n编号 \| 任务/);
    expect(tables[0]).toContain("T-2  | Data migration");
  });

  it("shows who changed what and when on the task card", async () => {
    const card = await bot.as("lina").says("task show T-2");
    expect(card.text).toContain("06-10 10:00 · 张敏 Zhang Min · 截止时间：2026-06-12 18:00 → 2026-06-19");
    expect(card.text).toContain("06-10 10:00 · 李娜 Li Na · 状态：待办 → 进行中");
  });

  const header = "key,title,phase,due,R,A,C,I";

  it("an import with one bad line writes nothing and names the line", async () => {
    expect((await bot.as("lina").says("raci import")).text).toContain("请把 Apollo CRM 上线 的 CSV 作为下一条消息粘贴过来");
    const csv = [header, ",Configure lead scoring,build,2026-06-30,@liuyang,张敏 Zhang Min,,", ',"Import, then verify accounts",build,2026-07-01,liuyang,zhang.min@apollo.example,,', ",Train key users,training,2026-07-02,nobody@nowhere.example,lina,,"].join("\n");
    const reply = await paste(bot, "lina", csv);
    expect(reply.messages[0]?.message.title).toBe("未导入任何内容：1 行有问题");
    expect(reply.text).toContain("第 4 行：R：找不到“nobody@nowhere.example”");
    expect(await taskCount(bot)).toBe(2);
  });

  const good = [
    header,
    "T-2,Data migration,build,2026-06-26 18:00,@liuyang,zhang.min@apollo.example,tom,Anna Schmidt",
    ',"Import, then verify accounts",build,2026-07-01,liuyang;13800000000,zhang.min@apollo.example,,',
    ",Train key users,training,2026-07-02,张敏 Zhang Min、Anna Schmidt,lina,tom.becker@apollo.example,王芳 Wang Fang",
  ].join("\r\n");

  it("a dry run shows what would change and writes nothing", async () => {
    await bot.as("lina").says("raci import --dry-run");
    const reply = await paste(bot, "lina", good);
    expect(reply.messages[0]?.message.title).toBe("预览 · Apollo CRM 上线：新增 2，修改 1，不变 0（未写入）");
    expect(reply.text).toContain("第 2 行：T-2 — due: 2026-06-19 → 2026-06-26 18:00; C: — → Tom Becker");
    expect(reply.text).toContain("第 3 行：新增 任务「Import, then verify accounts」· R：刘洋 Liu Yang, 13800000000");
    expect(await taskCount(bot)).toBe(2);
  });

  it("imports when every line is valid, and re-importing updates by key", async () => {
    await bot.as("lina").says("raci import");
    const reply = await paste(bot, "lina", good);
    expect(reply.messages[0]?.message.title).toBe("已导入 Apollo CRM 上线：新增 2（T-3, T-4），修改 1，不变 0");
    const t4 = await bot.as("lina").says("task show T-4");
    expect(t4.text).toMatch(/负责执行（R）: (Anna Schmidt, 张敏 Zhang Min|张敏 Zhang Min, Anna Schmidt)/);
    expect(t4.text).toContain("知会（I）: 王芳 Wang Fang");
    expect(t4.text).toContain("阶段: 培训");
    expect((await bot.as("lina").says("task show T-2")).text).toContain("李娜 Li Na · 导入：截止 2026-06-19 → 2026-06-26 18:00；咨询（C） — → Tom Becker");
    await bot.as("lina").says("raci import");
    const again = await paste(bot, "lina", good.replace("2026-07-02", "2026-07-03").replace(",Train key users", "T-4,Train key users"));
    // The keyless line matches T-3 by its title and phase instead of creating the task again (#15).
    expect(again.messages[0]?.message.title).toBe("已导入 Apollo CRM 上线：新增 0（—），修改 1，不变 2");
    expect(again.text).toContain("没有编号的行：按标题和阶段匹配到已有任务 1 个，新增 0 个。");
    expect(again.text).toContain("第 2 行：T-2 不变");
    expect(again.text).toContain("第 4 行：T-4 — due: 2026-07-02 → 2026-07-03");
  });

  it("imports from the command line with the same checks (npm run cli -- raci import <file> --project <id>)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "raci-"));
    const file = join(dir, "raci.csv");
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    writeFileSync(file, `${header}\nT-4,Train key users,training,2026-07-10,张敏 Zhang Min,lina,,\n,Go-live checklist,cutover,2026-08-01,lina,someone-unknown,,\n`);
    expect(await runCli(["raci", "import", file, "--project", "apollo"], bot.runtime, io)).toBe(1);
    expect(err.join("\n")).toContain("第 3 行：A：找不到“someone-unknown”");
    writeFileSync(file, `${header}\nT-4,Train key users,training,2026-07-10,张敏 Zhang Min,lina,,\n`);
    expect(await runCli(["raci", "import", file, "--project", "apollo", "--dry-run"], bot.runtime, io)).toBe(0);
    expect(out.at(-1)).toContain("未写入");
    expect(await runCli(["raci", "import", file, "--project", "apollo"], bot.runtime, io)).toBe(0);
    expect(out.at(-1)).toContain("修改 1");
    expect((await bot.as("lina").says("task show T-4")).text).toContain("截止: 2026-07-10");
    expect(await runCli(["raci", "import", file], bot.runtime, io)).toBe(2);
    expect(await runCli(["raci", "import", file, "--project", "nope"], bot.runtime, io)).toBe(1);
  });

  it("links a stand-up blocker to a task: it rides the task's nags and is resolved with it", async () => {
    await bot.as("lina").says("standup setup");
    await bot.line(":clock 2026-06-15T10:05+08:00");
    expect((await bot.as("liuyang").says('standup -y "drafted slides" -t "review slides" -b "waiting for VPN access"')).text).toContain("B-1");
    expect((await bot.as("anna").says("blocker link B-1 T-1")).text).toContain("Sorry, only the task's Responsible (");
    const linked = await bot.as("liuyang").says("blocker link B-1 T-1");
    expect(linked.text).toContain("阻塞 B-1 已关联到 T-1");
    expect(linked.text).toContain("⛔ B-1（刘洋 Liu Yang）：waiting for VPN access");
    const tuesday = await bot.line(":clock 2026-06-16T09:00+08:00");
    const nag = tuesday.messages.find((m) => m.conversation.conversationId === "dm:liuyang" && m.message.title?.includes("已逾期"));
    expect(nag && toPlainText(nag.message)).toContain("⛔ B-1（刘洋 Liu Yang）：waiting for VPN access");
    await bot.as("liuyang").says("task done T-1");
    expect(full(await bot.as("liuyang").says("blocker list"))).not.toContain("B-1");
  });
});
