import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

// `raci import` from a file uploaded in chat, through the console's `:upload`, which hands the core the same
// attachment a platform adapter does and downloads it through the same adapter port.

const header = "key,title,phase,due,R,A,C,I";

async function taskTitles(bot: TestBot): Promise<string[]> {
  const rows = await bot.runtime.database.db.selectFrom("tasks").select("title").orderBy("id").execute();
  return rows.map((r) => r.title);
}

async function uploadAudits(bot: TestBot): Promise<unknown[]> {
  const rows = await bot.runtime.database.db.selectFrom("audit_log").select(["action", "outcome", "details"]).where("action", "=", "raci import").execute();
  return rows.map((r) => r.details);
}

describe("raci import from an uploaded file (console driver)", () => {
  let bot: TestBot;
  let dir: string;
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    bot = await createTestBot();
    dir = mkdtempSync(join(tmpdir(), "raci-upload-"));
    await bot.line(":clock 2026-06-10T10:00+08:00");
  });
  afterAll(async () => {
    await bot?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes the CSV uploaded after `raci import` and imports it", async () => {
    const before = await taskTitles(bot);
    const asked = await bot.as("lina").says("raci import");
    expect(asked.text).toContain("或直接在这里上传 .csv 文件");
    const csv = file("raci.csv", `${header}\n,Configure lead scoring,build,2026-06-30,liuyang,zhang.min@apollo.example,,\n`);
    const reply = await bot.line(`:upload ${csv}`);
    expect(reply.messages[0]?.message.title).toMatch(/^已导入 Apollo CRM 上线：新增 1（T-\d+）/);
    expect(await taskTitles(bot)).toEqual([...before, "Configure lead scoring"]);
    expect(await uploadAudits(bot)).toContainEqual(expect.objectContaining({ source: "upload", created: 1, dryRun: false }));
  });

  it("imports a file uploaded with `raci import --dry-run` as its message, writing nothing", async () => {
    const before = await taskTitles(bot);
    const csv = file("dry.csv", `${header}\n,Train key users,training,2026-07-02,张敏 Zhang Min、Anna Schmidt,lina,,\n`);
    const reply = await bot.as("lina").says(`:upload ${csv} raci import --dry-run`);
    expect(reply.messages[0]?.message.title).toBe("预览 · Apollo CRM 上线：新增 1，修改 0，不变 0（未写入）");
    expect(await taskTitles(bot)).toEqual(before);
  });

  it("reads a CSV saved by Excel on Chinese Windows (GB18030)", async () => {
    const gbk = Buffer.from([
      ...Buffer.from(`${header}\n,`),
      // "数据迁移" and "张敏 Zhang Min" in GB18030
      0xca, 0xfd, 0xbe, 0xdd, 0xc7, 0xa8, 0xd2, 0xc6,
      ...Buffer.from(",build,2026-07-05,"),
      0xd5, 0xc5, 0xc3, 0xf4,
      ...Buffer.from(" Zhang Min,lina,,\n"),
    ]);
    const reply = await bot.as("lina").says(`:upload ${file("gbk.csv", gbk)} raci import`);
    expect(reply.messages[0]?.message.title).toMatch(/^已导入 Apollo CRM 上线：新增 1/);
    expect(await taskTitles(bot)).toContain("数据迁移");
  });

  it("explains a spreadsheet, a binary file and an oversized file, and keeps waiting for a good one", async () => {
    const before = await taskTitles(bot);
    await bot.as("lina").says("raci import");
    expect((await bot.line(`:upload ${file("raci.xlsx", Buffer.from("PK\u0003\u0004 not really a workbook"))}`)).text).toContain("raci.xlsx 是电子表格");
    expect((await bot.line(`:upload ${file("odd.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14]))}`)).text).toContain("odd.csv 不是文本格式的 CSV 文件");
    expect((await bot.line(`:upload ${file("huge.csv", `${header}\n${"x".repeat(1_000_001)}`)}`)).text).toContain("huge.csv 太大了（超过 1 MB）");
    expect(await taskTitles(bot)).toEqual(before);
    const reply = await bot.line(`:upload ${file("late.csv", `${header}\n,Cut-over rehearsal,cutover,2026-07-20,liuyang,lina,,\n`)}`);
    expect(reply.messages[0]?.message.title).toMatch(/^已导入/);
    expect(await taskTitles(bot)).toEqual([...before, "Cut-over rehearsal"]);
  });

  it("imports the example matrix the README walks through (examples/raci-apollo.csv)", async () => {
    const reply = await bot.as("lina").says(":upload examples/raci-apollo.csv raci import --dry-run");
    expect(reply.messages[0]?.message.title).toBe("预览 · Apollo CRM 上线：新增 6，修改 0，不变 0（未写入）");
  });

  it("names the lines of an uploaded CSV that has problems, and writes nothing", async () => {
    const before = await taskTitles(bot);
    const csv = file("bad.csv", `${header}\n,Good line,build,2026-07-01,liuyang,lina,,\n,Bad line,build,2026-07-01,nobody@nowhere.example,lina,,\n`);
    const reply = await bot.as("lina").says(`:upload ${csv} raci import`);
    expect(reply.messages[0]?.message.title).toBe("未导入任何内容：1 行有问题");
    expect(reply.text).toContain("第 3 行：R：找不到“nobody@nowhere.example”");
    expect(await taskTitles(bot)).toEqual(before);
  });

  it("refuses an upload with `raci import` from someone who is not a PM", async () => {
    const before = await taskTitles(bot);
    const csv = file("member.csv", `${header}\n,Sneaky task,build,2026-07-01,liuyang,lina,,\n`);
    const reply = await bot.as("liuyang").says(`:upload ${csv} raci import`);
    expect(reply.text).toContain("抱歉，raci import 需要本项目的「项目经理」角色");
    expect(await taskTitles(bot)).toEqual(before);
  });

  it("answers a file sent without a command with what to do, in the person's language", async () => {
    const csv = file("stray.csv", `${header}\n,Stray,build,2026-07-01,liuyang,lina,,\n`);
    expect((await bot.as("lina").says(`:upload ${csv}`)).text).toContain("收到 stray.csv。如要作为 RACI 矩阵导入，请先发送 raci import");
    expect((await bot.as("anna").says(`:upload ${csv}`)).text).toContain("I got stray.csv. To import it as the RACI matrix, send raci import");
    expect(await taskTitles(bot)).not.toContain("Stray");
  });
});
