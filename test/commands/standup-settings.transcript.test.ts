import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleSent } from "../../adapters/console/index.js";
import { formCommandLine, type FormSpec, type OutboundMessage } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type Reply, type TestBot } from "../helpers/bot.js";

// The demo's "EMEA Rollout" team: Europe/Berlin, calendar de, English; Anna Schmidt and Tom Becker; home #apollo-emea.
const to = (reply: Reply, where: string): ConsoleSent[] => reply.messages.filter((m) => m.conversation.conversationId === where);
const text = (sent: ConsoleSent[]): string => sent.map((s) => toPlainText(s.message)).join("\n");

describe("an English team's stand-up: settings, reworded questions, the form, Away, skip and back", () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-10-04T12:00:00+02:00");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("the PM sets it up with times, reminder and days, and rewords a question in English", async () => {
    const setup = await bot.as("lina").says('standup setup "EMEA Rollout" --time 09:00 --close 10:00 --reminder 15 --days mon-fri');
    expect(setup.text).toContain("09:00–10:00 (Europe/Berlin)");
    expect(setup.text).toContain("截止前 15 分钟提醒尚未回答的人");
    expect(setup.text).toContain("周一至周五");
    expect(setup.text).toContain("#apollo-emea");
    const reworded = await bot.as("lina").says('standup questions --team emea --locale en -y "What shipped yesterday?"');
    expect(reworded.text).toContain("1. What shipped yesterday?");
    expect(reworded.text).toContain("2. What will you do today?");
    expect((await bot.as("lina").says("standup window 09:30 --reminder soon --team emea")).text).toContain("无法识别催办设置“soon”");
  });

  it("prompts in each member's language at 09:00 Berlin (07:00Z in summer time), with the reworded question", async () => {
    const prompts = await bot.line(":clock 2026-10-05T07:00:00Z");
    const anna = to(prompts, "dm:anna");
    expect(anna).toHaveLength(1);
    expect(anna[0]!.message.title).toBe("Stand-up · EMEA Rollout · 2026-10-05");
    expect(text(anna)).toContain("1. What shipped yesterday?");
    expect(text(anna)).toContain("Answers are open until 10:00");
    expect(to(prompts, "dm:tom")).toHaveLength(1);
  });

  it("Away on the card records a day of leave", async () => {
    const away = await bot.as("tom").clicks(3);
    expect(away.text).toContain("You are away on 2026-10-05");
  });

  it("a submitted form arrives as the command line it stands for, quotes and all", async () => {
    const stored = await bot.runtime.database.db.selectFrom("deliveries").select("message").where("key", "like", "standup:%:2026-10-05:prompt").executeTakeFirstOrThrow();
    const block = (stored.message as OutboundMessage).blocks.find((b) => b.type === "form");
    const form = (block?.type === "form" ? block.form : null) as FormSpec;
    const line = formCommandLine(form, { yesterday: 'Fixed the "lead" import', today: "Train the Berlin users", blockers: "" });
    const before = bot.runtime.console!.sent.length;
    await bot.runtime.console!.sink()({
      kind: "command",
      source: "form",
      commandLine: line,
      dedupeKey: "form-submit-1",
      conversation: { platform: "console", tenantId: "demo", conversationId: "dm:anna", kind: "direct" },
      actor: { platform: "console", tenantId: "demo", userId: "anna", displayName: "Anna Schmidt", isBot: false },
      receivedAt: new Date().toISOString(),
      raw: null,
    });
    await bot.runtime.settle();
    const reply = bot.runtime.console!.sent.slice(before).map((s) => toPlainText(s.message)).join("\n");
    expect(reply).toContain("Thanks — your stand-up for EMEA Rollout on 2026-10-05 is in.");
    const status = await bot.as("anna").says("standup status");
    expect(status.text).toContain('Yesterday: Fixed the "lead" import');
    expect(status.text).toContain("Today: Train the Berlin users");
  });

  it("no reminder goes to someone who answered or is away; the summary shows who was away", async () => {
    expect((await bot.line(":clock 2026-10-05T07:45:00Z")).messages).toEqual([]);
    const close = await bot.line(":clock 2026-10-05T08:00:00Z");
    const summary = text(to(close, "#apollo-emea"));
    expect(summary).toContain("Stand-up summary · EMEA Rollout · 2026-10-05");
    expect(summary).toContain("Answered (1)");
    expect(summary).toContain("Away (1): Tom Becker");
    expect(summary).toContain("1 of 1 answered.");
  });

  it("standup back after close puts the person back among the missing, and edits the summary", async () => {
    expect((await bot.as("tom").says("standup back")).text).toContain("Welcome back");
    const edited = bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "#apollo-emea" && s.edited).at(-1);
    expect(toPlainText(edited!.message)).toContain("Missing (1): Tom Becker");
    expect(toPlainText(edited!.message)).toContain("1 of 2 answered.");
  });

  it("skip today, then the questions back to the defaults", async () => {
    await bot.line(":clock 2026-10-06T07:00:00Z");
    expect((await bot.as("anna").says("standup skip")).text).toContain("Skipped today's stand-up for EMEA Rollout (2026-10-06)");
    const close = await bot.line(":clock 2026-10-06T08:00:00Z");
    expect(text(to(close, "#apollo-emea"))).toContain("Skipped (1): Anna Schmidt");
    const reset = await bot.as("lina").says("standup questions --team emea --locale en --reset");
    expect(reset.text).toContain("1. What did you get done yesterday?");
  });
});
