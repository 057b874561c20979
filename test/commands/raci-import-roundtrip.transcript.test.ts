import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

// Issue #15 item 3: a pasted block reaches the import (console and one-message platforms), GB18030 by path,
// Chinese and English header names, a helpful header error, keyless re-import by title and phase, duplicate
// titles, `raci export`, and a key that does not exist yet.

/** A multi-line message in one piece, as every chat platform delivers a paste. */
async function message(bot: TestBot, handle: string, text: string): Promise<Reply> {
  const { runtime } = bot;
  const before = runtime.console!.sent.length;
  await runtime.console!.sink()({
    kind: "message",
    text,
    mentionsBot: false,
    dedupeKey: `block-${handle}-${before}-${text.length}`,
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

async function titles(bot: TestBot): Promise<string[]> {
  const rows = await bot.runtime.database.db.selectFrom("tasks").select(["title", "number"]).orderBy("number").execute();
  return rows.map((r) => r.title);
}

describe("RACI import for a new project manager (console driver)", () => {
  let bot: TestBot;
  let dir: string;
  beforeAll(async () => {
    bot = await createTestBot();
    dir = mkdtempSync(join(tmpdir(), "raci-ux-"));
    await bot.line(":clock 2026-06-10T10:00+08:00");
    await bot.as("lina").says("member role anna pm");
  });
  afterAll(async () => {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a key that does not exist yet instead of shifting the numbering", async () => {
    await bot.as("lina").says("raci import");
    const reply = await message(bot, "lina", "key,title,R,A\nT-99,Kick-off,liuyang,lina");
    expect(full(reply)).toContain("第 2 行：本项目还没有 T-99 这个任务；要新增任务请把编号留空");
    expect(await titles(bot)).toEqual([]);
  });

  it("console: lines pasted between :paste and :end are one message and reach the import, not the parser", async () => {
    await bot.as("lina").says("raci import --dry-run");
    for (const line of [":paste", "任务名称,负责人,批准人,截止日期,阶段", "准备培训材料,刘洋 Liu Yang,李娜 Li Na,2026-06-30,training"]) expect((await bot.line(line)).messages).toHaveLength(0);
    const reply = await bot.line(":end");
    expect(reply.messages[0]?.message.title).toBe("预览 · Apollo CRM 上线：新增 1，修改 0，不变 0（未写入）");
    expect(reply.text).not.toContain("我不认识");
    expect(await titles(bot)).toEqual([]);
  });

  it("a command and its CSV pasted in one message (every platform): Chinese and English header names", async () => {
    const zh = await message(bot, "lina", "raci import\n任务名称,负责人,批准人,截止日期,阶段\n准备培训材料,刘洋 Liu Yang,李娜 Li Na,2026-06-30,training\n数据迁移,张敏 Zhang Min,李娜 Li Na,2026-07-01,build");
    expect(zh.messages[0]?.message.title).toBe("已导入 Apollo CRM 上线：新增 2（T-1, T-2），修改 0，不变 0");
    const en = await message(bot, "anna", "raci import\nTask Name,Owner,Approver,Deadline,Stage\nUAT scripts,Anna Schmidt,李娜 Li Na,2026-07-10,uat");
    expect(en.messages[0]?.message.title).toBe("Imported into Apollo CRM 上线: 1 new (T-3), 0 changed, 0 unchanged");
    expect(en.text).toContain("Lines without a key: 0 matched existing tasks by title and phase, 1 new.");
    expect(await titles(bot)).toEqual(["准备培训材料", "数据迁移", "UAT scripts"]);
  });

  it("re-importing a keyless file matches by title and phase: matched 2, new 1, nothing duplicated; duplicate titles warned", async () => {
    const csv = "任务名称,负责人,批准人,截止日期,阶段\n准备培训材料,刘洋 Liu Yang,李娜 Li Na,2026-07-02,training\n数据迁移,张敏 Zhang Min,李娜 Li Na,2026-07-01,build\n上线检查,李娜 Li Na,李娜 Li Na,,cutover\n上线检查,刘洋 Liu Yang,李娜 Li Na,,hypercare";
    const reply = await message(bot, "lina", `raci import\n${csv}`);
    expect(reply.messages[0]?.message.title).toBe("已导入 Apollo CRM 上线：新增 2（T-4, T-5），修改 1，不变 1");
    expect(reply.text).toContain("没有编号的行：按标题和阶段匹配到已有任务 2 个，新增 2 个。");
    expect(reply.text).toContain("第 5 行：标题“上线检查”与第 4 行重复");
    expect(reply.text).toContain("第 2 行：T-1 — due: 2026-06-30 → 2026-07-02");
    expect(await titles(bot)).toEqual(["准备培训材料", "数据迁移", "UAT scripts", "上线检查", "上线检查"]);
  });

  it("an unknown header lists the columns found and the names accepted (zh-CN and en)", async () => {
    const zh = await message(bot, "lina", "raci import\nFoo,Bar,批准人\nx,y,lina");
    expect(full(zh)).toContain("表头缺少 2 列：title, R。找到的列：Foo, Bar, 批准人。可用的列名 — title: title, task, name, task name");
    expect(full(zh)).toContain("R: r, responsible, owner, assignee, doer, 负责, 负责人");
    const en = await message(bot, "anna", "raci import\nFoo,Bar,Approver\nx,y,lina");
    expect(full(en)).toContain("the header lacks the columns title, R. Columns found: Foo, Bar, Approver. Accepted names — title:");
  });

  it("a GB18030 file given by path reads like the same file uploaded", async () => {
    const gbk = Buffer.concat([
      // 任务名称,负责人,批准人,截止日期 / 数据迁移,张敏 Zhang Min,… in GB18030
      Buffer.from([200, 206, 206, 241, 195, 251, 179, 198, 44, 184, 186, 212, 240, 200, 203, 44, 197, 250, 215, 188, 200, 203, 44, 189, 216, 214, 185, 200, 213, 198, 218]),
      Buffer.from(",phase\n"),
      Buffer.from([202, 253, 190, 221, 199, 168, 210, 198, 44, 213, 197, 195, 244]),
      Buffer.from(" Zhang Min,lina,2026-07-01,build\n"),
    ]);
    const path = join(dir, "gbk.csv");
    writeFileSync(path, gbk);
    const byPath = await bot.as("lina").says(`raci import ${path} --dry-run`);
    expect(byPath.messages[0]?.message.title).toBe("预览 · Apollo CRM 上线：新增 0，修改 0，不变 1（未写入）");
    const uploaded = await bot.as("lina").says(`:upload ${path} raci import --dry-run`);
    expect(uploaded.messages[0]?.message.title).toBe(byPath.messages[0]?.message.title);
  });

  it("raci export writes CSV with keys (UTF-8 with BOM) that re-imports unchanged", async () => {
    const shown = await bot.as("anna").says("raci export");
    expect(shown.messages[0]?.message.title).toBe("RACI export · Apollo CRM 上线 (5 tasks)");
    expect(shown.text).toContain("key,title,phase,due,R,A,C,I");
    expect(shown.text).toContain("T-1,准备培训材料,training,2026-07-02,刘洋 Liu Yang,李娜 Li Na,,");
    const path = join(dir, "export.csv");
    expect((await bot.as("lina").says(`raci export ${path}`)).text).toContain(`已将 5 个任务写入 ${path}`);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const again = await bot.as("lina").says(`raci import ${path}`);
    expect(again.messages[0]?.message.title).toBe("已导入 Apollo CRM 上线：新增 0（—），修改 0，不变 5");
  });
});
