import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imagesOf } from "../../src/core/message.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";
import { tinyPng } from "../helpers/png.js";

const inDm = (reply: Reply, who: string) => reply.messages.filter((m) => m.conversation.conversationId === `dm:${who}`);

/**
 * `feedback attachment FB-n [n]`: the files filed with an item come back through the console adapter's download (the
 * same port the platforms implement), a screenshot as a picture in the asker's DM, another file as a copy under
 * DATA_DIR; only the people around the item get them; a file that is gone says so in the asker's language.
 */
describe("feedback attachment: a filed file fetched again through the adapter", () => {
  let bot: TestBot;
  let files: string;
  let data: string;
  const screenshot = tinyPng(3, 2, [0xd6, 0x27, 0x28]);
  const notes = Buffer.from("step 1: open the quote\nstep 2: print\n报价单打印错位\n");

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), "feedback-files-"));
    data = mkdtempSync(join(tmpdir(), "feedback-data-"));
    writeFileSync(join(files, "quote.png"), screenshot);
    writeFileSync(join(files, "steps.txt"), notes);
    bot = await createTestBot({ env: { DATA_DIR: data } });
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot?.close();
    rmSync(files, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  it("files feedback with a screenshot and with a text file", async () => {
    const first = await bot.as("liuyang").says(`:upload ${join(files, "quote.png")} 反馈 “报价单打印时表格错位” --module quotes`);
    expect(first.text).toContain("FB-1");
    expect(first.text).toContain("quote.png");
    const second = await bot.as("liuyang").says(`:upload ${join(files, "steps.txt")} feedback "Printing a quote twice crashes"`);
    expect(second.text).toContain("FB-2");
    expect((await bot.as("liuyang").says('feedback "Leads list is slow"')).text).toContain("FB-3");
  });

  it("sends the screenshot back to the reporter as a picture, with the exact bytes", async () => {
    const reply = await bot.as("liuyang").says("反馈 附件 FB-1");
    const [sent, ...more] = inDm(reply, "liuyang");
    expect(more).toEqual([]);
    const [picture] = imagesOf(sent!.message);
    expect(picture?.name).toBe("quote.png");
    expect(Buffer.from(picture!.png).equals(screenshot)).toBe(true);
    expect(picture?.alt).toContain("FB-1");
  });

  it("saves any other file under DATA_DIR in the console and names the path", async () => {
    const reply = await bot.as("lina").says("feedback attachment FB-2 1");
    expect(reply.text).toContain("steps.txt");
    const path = /(\/\S+steps\.txt)/.exec(reply.text)?.[1];
    expect(path?.startsWith(data)).toBe(true);
    expect(readFileSync(path!).equals(notes)).toBe(true);
  });

  it("in a group answers there and sends the file by direct message only", async () => {
    const reply = await bot.as("zhangmin").in("#apollo").says("反馈 附件 FB-1");
    const group = reply.messages.filter((m) => m.conversation.conversationId === "#apollo");
    expect(group).toHaveLength(1);
    expect(imagesOf(group[0]!.message)).toEqual([]);
    expect(reply.text).toContain("已私聊发送 FB-1 的附件 quote.png 给你");
    expect(imagesOf(inDm(reply, "zhangmin")[0]!.message)).toHaveLength(1);
  });

  it("refuses people who are not around the item, until they follow it", async () => {
    const refused = await bot.as("tom").says("feedback attachment FB-1");
    expect(refused.text).toContain("Only the reporter, followers, the owner, key users and the PM can get FB-1's files");
    expect(inDm(refused, "tom").every((m) => imagesOf(m.message).length === 0)).toBe(true);
    await bot.as("tom").says("feedback +1 FB-1");
    const allowed = await bot.as("tom").says("feedback attachment FB-1");
    expect(imagesOf(inDm(allowed, "tom")[0]!.message)).toHaveLength(1);
  });

  it("answers plainly for an item without files, a file number it does not have, and an unknown key", async () => {
    expect((await bot.as("liuyang").says("反馈 附件 FB-3")).text).toContain("FB-3 没有附件");
    expect((await bot.as("lina").says("feedback attachment FB-3")).text).toContain("FB-3 没有附件");
    expect((await bot.as("tom").says("feedback attachment FB-1 2")).text).toContain("\"2\" is not one of FB-1's files: it has 1. Name the file by its number, e.g. feedback attachment FB-1 1.");
    expect((await bot.as("tom").says("feedback attachment FB-99")).text).toContain("There is no feedback FB-99");
  });

  it("says the file is gone when the platform no longer has it, in the asker's language", async () => {
    rmSync(join(files, "quote.png"));
    const zh = await bot.as("liuyang").says("反馈 附件 FB-1");
    expect(zh.text).toContain("FB-1 的附件 quote.png 在控制台上已不存在：文件已被删除或链接已过期");
    const en = await bot.as("tom").says("feedback attachment FB-1");
    expect(en.text).toContain("quote.png of FB-1 is no longer on the console: it was deleted or its link expired");
    expect(inDm(en, "tom").flatMap((m) => imagesOf(m.message))).toEqual([]);
  });
});
