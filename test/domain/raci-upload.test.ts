import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Attachment, ChatAdapter, ConversationRef, PlatformId } from "../../src/core/adapter.js";
import { AttachmentError, createAttachmentReader, type AttachmentProblem } from "../../src/core/attachments.js";
import { translator } from "../../src/core/i18n.js";
import { createLogger } from "../../src/logger.js";
import { createUploadReader, pickUpload } from "../../src/raci/upload.js";

const feishuDm: ConversationRef = { platform: "feishu", tenantId: "tk", conversationId: "ou_1", kind: "direct" };
const csv: Attachment = { name: "raci.csv", mimeType: "text/csv", ref: { messageId: "om_1", fileKey: "file_1" } };

/** An upload reader over one Feishu-like adapter whose download answers as given; the log lines it wrote. */
function readerWith(download: () => Promise<Buffer>) {
  const lines: string[] = [];
  const logger = createLogger("info", new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }));
  const adapter = { platform: "feishu", fetchAttachment: download } as unknown as ChatAdapter;
  const read = createUploadReader({ readAttachment: createAttachmentReader(new Map<PlatformId, ChatAdapter>([["feishu", adapter]])), logger });
  return { read, lines };
}

describe("reading an uploaded RACI CSV", () => {
  it("returns the decoded text of a good file", async () => {
    const { read } = readerWith(async () => Buffer.from("key,title\nT-1,任务\n"));
    expect(await read(feishuDm, csv, translator("zh-CN"))).toEqual({ ok: true, text: "key,title\nT-1,任务\n" });
  });

  it.each<[AttachmentProblem, string, string]>([
    ["unavailable", "无法从飞书获取 raci.csv：文件已不存在或链接已过期。请重新上传。", "I could not get raci.csv from Feishu: the file is gone or its link expired. Upload it again."],
    ["forbidden", "飞书不允许我读取 raci.csv。", "Feishu did not let me read raci.csv."],
    ["failed", "飞书暂时没有返回 raci.csv。", "Feishu did not hand over raci.csv just now."],
    ["too_large", "raci.csv 太大了（超过 1 MB）。", "raci.csv is too large (over 1 MB)."],
  ])("says what %s means, in Chinese and English, and logs the reason without the content", async (problem, zh, en) => {
    const { read, lines } = readerWith(async () => {
      throw new AttachmentError(problem, "code 234043 for om_1");
    });
    expect(await read(feishuDm, csv, translator("zh-CN"))).toEqual({ ok: false, message: expect.stringContaining(zh) });
    expect(await read(feishuDm, csv, translator("en"))).toEqual({ ok: false, message: expect.stringContaining(en) });
    expect(lines.join("")).toContain(`"problem":"${problem}"`);
    expect(lines.join("")).toContain("code 234043");
  });

  it("treats an unexpected error as a failed download, and a platform without downloads as unsupported", async () => {
    const { read } = readerWith(async () => {
      throw new Error("socket hang up");
    });
    expect(await read(feishuDm, csv, translator("en"))).toEqual({ ok: false, message: expect.stringContaining("did not hand over") });
    const wecom = { ...feishuDm, platform: "wecom" as const };
    expect(await read(wecom, csv, translator("zh-CN"))).toEqual({ ok: false, message: "我无法在企业微信上下载文件。请把 CSV 内容作为下一条消息粘贴给我。" });
  });

  it("does not download a spreadsheet, and refuses bytes that are not text", async () => {
    let downloads = 0;
    const { read } = readerWith(async () => {
      downloads++;
      return Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]);
    });
    expect(await read(feishuDm, { ...csv, name: "RACI 矩阵.xlsx" }, translator("en"))).toEqual({ ok: false, message: expect.stringContaining("RACI 矩阵.xlsx is a spreadsheet") });
    expect(downloads).toBe(0);
    expect(await read(feishuDm, csv, translator("en"))).toEqual({ ok: false, message: expect.stringContaining("raci.csv is not a text CSV file") });
  });

  it("picks the CSV among several files, else the first", () => {
    const photo: Attachment = { name: "photo.png", mimeType: "image/png", ref: {} };
    const tsv: Attachment = { name: "matrix.tsv", ref: {} };
    const unnamed: Attachment = { name: "file", mimeType: "text/plain", ref: {} };
    expect(pickUpload([photo, tsv])).toBe(tsv);
    expect(pickUpload([photo, unnamed])).toBe(unnamed);
    expect(pickUpload([photo])).toBe(photo);
    expect(pickUpload([])).toBeUndefined();
  });
});
