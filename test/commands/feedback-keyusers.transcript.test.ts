import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

const dm = (reply: Reply, who: string) => reply.messages.filter((m) => m.conversation.conversationId === `dm:${who}`).map((m) => toPlainText(m.message)).join("\n");

/**
 * Key users (超级用户) per module: the PM names them; the module list shows them; an untriaged item of their module
 * reminds them first (after the target), and the project's key user and the PM only after twice the target, while an
 * item without a module goes the way it always did; they triage their module's items and no other.
 * Monday 2026-12-07 in Shanghai (09:00–18:00): urgent feedback waits 4 working hours.
 */
describe("feedback: key users per module, reminded first of their module's feedback", () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-07T01:00:00Z"); // Monday 09:00 in Shanghai
  });
  afterAll(async () => {
    await bot.close();
  });

  it("the PM names a key user of a module; others see them in the module list", async () => {
    expect((await bot.as("lina").dm().says("反馈 超级用户 add 线索 @liuyang")).text).toContain("刘洋 Liu Yang 现在是 leads (线索) 的超级用户");
    expect((await bot.as("lina").dm().says("feedback keyuser add leads @liuyang")).text).toContain("已经是 leads (线索) 的超级用户");
    const listed = await bot.as("tom").dm().says("feedback keyuser");
    expect(listed.text).toContain("Key users per module");
    expect(listed.text).toContain("leads: 刘洋 Liu Yang");
    const modules = await bot.as("anna").dm().says("feedback modules");
    expect(modules.text).toContain("Modules: leads");
    expect(modules.text).toContain("leads: 刘洋 Liu Yang");
    expect((await bot.as("tom").dm().says("feedback modules")).text).not.toContain("quotes:");
  });

  it("refuses anyone but the PM, and names what is missing or wrong with an example", async () => {
    expect((await bot.as("zhangmin").dm().says("feedback keyuser add quotes @tom")).text).toContain("只有项目经理可以指定模块的超级用户");
    expect((await bot.as("lina").dm().says("feedback keyuser make quotes @tom")).text).toContain("请用 反馈 超级用户 list、add <模块> @某人 或 remove <模块> @某人（你写的是“make”）");
    expect((await bot.as("lina").dm().says("feedback keyuser add")).text).toContain("请写明模块，例如 反馈 超级用户 add 线索 @zhangmin");
    expect((await bot.as("lina").dm().says("feedback keyuser add quotes")).text).toContain("请写明人员，例如 反馈 超级用户 add quotes @zhangmin");
    expect((await bot.as("lina").dm().says("feedback keyuser add quots @tom")).text).toContain("quotes");
    expect((await bot.as("lina").dm().says("feedback keyuser add quotes @nobody")).text).toContain("feedback keyuser add quotes：这里没有叫“@nobody”的人");
    expect((await bot.as("tom").dm().says("feedback keyuser")).text).not.toContain("Tom");
  });

  it("an untriaged item of the module reminds its key user first; the project's key user hears only of the other", async () => {
    await bot.as("tom").in("#apollo").says('feedback "Lead import fails for Excel files" --module leads --priority urgent');
    await bot.as("tom").in("#apollo").says('feedback "Login is down on mobile" --priority urgent');
    const first = await bot.line(":clock 2026-12-07T05:05:00Z"); // 13:05: 4 h 05 of work
    expect(dm(first, "liuyang")).toContain("FB-1");
    expect(dm(first, "liuyang")).not.toContain("FB-2");
    expect(dm(first, "zhangmin")).toContain("FB-2");
    expect(dm(first, "zhangmin")).not.toContain("FB-1");
    expect(dm(first, "lina")).toBe("");
  });

  it("after twice the target the project's key user and the PM hear of the module's item too", async () => {
    const later = await bot.line(":clock 2026-12-07T09:05:00Z"); // 17:05: 8 h 05
    expect(dm(later, "zhangmin")).toContain("FB-1");
    expect(dm(later, "lina")).toContain("FB-1");
    expect(dm(later, "lina")).toContain("FB-2");
    expect(dm(later, "liuyang")).toBe("");
  });

  it("the module's key user triages its items, and no other", async () => {
    expect((await bot.as("liuyang").dm().says("feedback triage FB-1 --type bug")).text).toContain("FB-1");
    expect((await bot.as("liuyang").dm().says("feedback triage FB-2 --type bug")).text).toContain("只有关键用户和项目经理可以分诊反馈（FB-2）");
    expect((await bot.as("liuyang").dm().says("feedback status FB-1 in_progress")).text).toContain("FB-1");
  });

  it("removing the key user, or the module, ends it", async () => {
    await bot.as("lina").dm().says("feedback keyuser add quotes @tom");
    expect((await bot.as("lina").dm().says("feedback keyuser remove leads @liuyang")).text).toContain("刘洋 Liu Yang 不再是 leads (线索) 的超级用户");
    expect((await bot.as("lina").dm().says("feedback keyuser remove leads @liuyang")).text).toContain("不是 leads (线索) 的超级用户，未做更改");
    expect((await bot.as("lina").dm().says("feedback keyuser")).text).toContain("quotes (报价): Tom Becker");
    await bot.as("lina").dm().says("feedback modules remove quotes");
    expect((await bot.as("lina").dm().says("feedback keyuser")).text).toContain("还没有模块指定自己的超级用户");
  });
});
