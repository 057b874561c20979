import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonsOf } from "../../src/core/message.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

describe("foundation commands through the console driver", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ clock: new Date("2026-12-02T02:00:00Z") });
  });
  afterAll(async () => {
    await bot.close();
  });

  it("answers help in the person's own language, in English and in Chinese", async () => {
    const zh = await bot.as("lina").says("help");
    // With every feature's commands the list runs past one console message; it is split into parts, titled once.
    expect(zh.messages.filter((m) => m.message.title === "我能做什么")).toHaveLength(1);
    expect(zh.messages[0]?.message.title).toBe("我能做什么");
    expect(zh.text).toContain("member add");
    const en = await bot.as("anna").says("帮助");
    expect(en.messages[0]?.message.title).toBe("What I can do");
    expect(en.text).toContain("List project members");
  });

  it("explains one command with help <command>", async () => {
    const reply = await bot.as("anna").says("help member add");
    expect(reply.text).toContain("member add zhang.min@example.com --role key_user");
    expect(reply.text).toContain("project manager");
  });

  it("shows the project, and the sponsor can read it", async () => {
    const pm = await bot.as("lina").says("project show");
    expect(pm.messages[0]?.message.title).toBe("Apollo CRM 上线");
    expect(pm.text).toContain("王芳 Wang Fang");
    expect(buttonsOf(pm.messages[0]!.message).map((b) => b.command)).toEqual(["member list", "team list", "help project phase"]);
    const sponsor = await bot.as("sponsor").says("项目");
    expect(sponsor.text).toContain("李娜 Li Na");
    expect(buttonsOf(sponsor.messages[0]!.message).map((b) => b.command)).toEqual(["member list", "team list"]);
  });

  it("lists members for the sponsor", async () => {
    const reply = await bot.as("sponsor").says("member list");
    expect(reply.messages[0]?.message.title).toBe("Apollo CRM 上线 · 7 名成员");
    expect(reply.text).toMatch(/王芳 Wang Fang — 项目发起人/);
    expect(reply.text).toMatch(/Tom Becker — 顾问/);
  });

  it("a button click runs the same command as typing it", async () => {
    await bot.as("lina").says("project show");
    const clicked = await bot.as("lina").clicks(1);
    expect(clicked.messages[0]?.message.title).toBe("Apollo CRM 上线 · 7 名成员");
  });

  it("suggests the nearest command for a typo, with a help hint", async () => {
    const reply = await bot.as("anna").says("membr list");
    expect(reply.text).toContain("I don't know the command “membr list”");
    expect(reply.text).toContain("Did you mean member list?");
    expect(reply.text).toContain("Type help to see what I can do");
    expect(buttonsOf(reply.messages[0]!.message).map((b) => b.command)).toEqual(["help member list"]);
  });

  it("answers bad arguments with usage in the person's language", async () => {
    const zh = await bot.as("lina").says("project golive-date someday");
    expect(zh.messages[0]?.message.title).toBe("`project golive-date` 的参数不对");
    expect(zh.text).toContain("project golive-date 2027-03-01");
    const en = await bot.as("anna").says("member list --colour red");
    expect(en.text).toContain("--colour is not an option of this command");
  });

  it("refuses politely without the role, and audits the refusal", async () => {
    const reply = await bot.as("anna").says("project phase uat");
    expect(reply.text).toContain("Sorry, project phase needs the project manager role");
    const { runtime } = bot;
    const tenant = await runtime.services.tenants.find("console", "demo");
    const audit = await runtime.services.audit.recent(tenant!.id, 5);
    expect(audit[0]).toMatchObject({ action: "project phase", outcome: "refused", conversation: { conversationId: "dm:anna" } });
    const project = await bot.as("lina").says("project show");
    expect(project.text).toContain("系统搭建");
  });

  it("lets the PM change phase and go-live, audited as ok", async () => {
    expect((await bot.as("lina").says("project phase uat")).text).toContain("用户验收测试");
    expect((await bot.as("lina").says("project golive-date 2027-03-01")).text).toContain("2027-03-01");
    expect((await bot.as("anna").says("project show")).text).toContain("User acceptance testing");
    const tenant = await bot.runtime.services.tenants.find("console", "demo");
    const audit = await bot.runtime.services.audit.recent(tenant!.id, 1);
    expect(audit[0]).toMatchObject({ action: "project golive-date", outcome: "ok" });
  });

  it("adds a member by email, asks before removing, and cancels on no", async () => {
    expect((await bot.as("lina").says("member add wu.lei@apollo.example --role key_user")).text).toContain("已将 wu.lei@apollo.example 以「关键用户」身份加入");
    const ask = await bot.as("lina").says("member remove wu.lei@apollo.example");
    expect(ask.text).toContain("请确认");
    expect(buttonsOf(ask.messages[0]!.message).map((b) => b.command)).toEqual(["yes", "no"]);
    expect((await bot.as("lina").says("否")).text).toContain("已取消");
    expect((await bot.as("lina").says("member list key_user")).text).toContain("wu.lei@apollo.example");
    await bot.as("lina").says("member remove wu.lei@apollo.example");
    expect((await bot.as("lina").clicks(1)).text).toContain("已将 wu.lei@apollo.example 移出");
    expect((await bot.as("lina").says("member list key_user")).text).not.toContain("wu.lei");
  });

  it("keeps the last admin", async () => {
    const reply = await bot.as("chenwei").says("member role @chenwei member");
    expect(reply.text).toContain("唯一的管理员");
  });

  it("creates a team, sets its home from a group, and adds a member", async () => {
    expect((await bot.as("lina").says('team create "APAC Rollout" --timezone Asia/Kolkata --locale en')).text).toContain("APAC Rollout");
    expect((await bot.as("lina").in("#apac").says("team set apac-rollout --home")).text).toContain("没有团队");
    expect((await bot.as("lina").in("#apac").says('team set "APAC Rollout" --home --hours 09:30-18:30')).text).toContain("#apac");
    expect((await bot.as("lina").says('team add "APAC Rollout" @tom')).text).toContain("已将 Tom Becker 加入 APAC Rollout");
    const list = await bot.as("tom").says("team list");
    expect(list.text).toContain("APAC Rollout · Asia/Kolkata · 09:30–18:30");
    expect(list.text).toContain("Home conversation: #apac");
  });

  it("whoami shows identities, projects and roles", async () => {
    const reply = await bot.as("tom").says("whoami");
    expect(reply.messages[0]?.message.title).toBe("You are Tom Becker");
    expect(reply.text).toContain("console:tom");
    expect(reply.text).toContain("Apollo CRM 上线 (apollo): consultant ← current");
  });

  it("ignores group chatter that is not addressed to the bot, but runs @mentions", async () => {
    const { runtime } = bot;
    const sink = runtime.console!.sink();
    const before = runtime.console!.sent.length;
    const base = {
      conversation: { platform: "console" as const, tenantId: "demo", conversationId: "#apollo", kind: "group" as const },
      actor: { platform: "console" as const, tenantId: "demo", userId: "lina", displayName: "Li Na", isBot: false },
      receivedAt: new Date().toISOString(),
      raw: null,
    };
    await sink({ ...base, kind: "message", text: "lunch?", mentionsBot: false, dedupeKey: "chatter-1" });
    await sink({ ...base, kind: "message", text: "help", mentionsBot: false, dedupeKey: "chatter-2" });
    await runtime.settle();
    expect(runtime.console!.sent.length).toBe(before);
    await sink({ ...base, kind: "message", text: "whoami", mentionsBot: true, dedupeKey: "mention-1" });
    await sink({ ...base, kind: "message", text: "whoami", mentionsBot: true, dedupeKey: "mention-1" });
    await runtime.settle();
    expect(runtime.console!.sent.length).toBe(before + 1);
    expect(runtime.console!.sent.at(-1)?.conversation.conversationId).toBe("#apollo");
  });

  it("refuses events from an unknown tenant and writes nothing for them", async () => {
    const { runtime } = bot;
    const before = runtime.console!.sent.length;
    await runtime.console!.sink()({
      kind: "message",
      text: "help",
      mentionsBot: true,
      dedupeKey: "stranger-1",
      conversation: { platform: "console", tenantId: "another-corp", conversationId: "dm:x", kind: "direct" },
      actor: { platform: "console", tenantId: "another-corp", userId: "x", displayName: "X", isBot: false },
      receivedAt: new Date().toISOString(),
      raw: null,
    });
    await runtime.settle();
    expect(runtime.console!.sent.length).toBe(before);
    expect(await runtime.services.tenants.find("console", "another-corp")).toBeNull();
  });
});
