import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuidedConversationStore, type GuidedConversationStore } from "../../src/conversations/store.js";
import { conversationScope, DIRECT_SCOPE } from "../../src/core/conversation-scope.js";
import type { ConversationHandler } from "../../src/core/dispatcher.js";
import type { FeatureHooks, ReplyTarget } from "../../src/core/hooks.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

// Dispatcher hooks through the console driver: `:say` (a group line without a mention), `:reply`, `:react` /
// `:unreact` and `:join` reach the hooks a feature registered, while commands still run as before.

interface Seen {
  kind: string;
  personId: number;
  conversationId: string;
  text?: string;
  mentionsBot?: boolean;
  replyTo?: ReplyTarget;
  messageId?: string;
  emoji?: string;
  added?: boolean;
  target?: { deliveryKey: string };
  userIds?: string[];
}

describe("dispatcher hooks through the console", () => {
  let bot: TestBot;
  const seen: Seen[] = [];
  const probe: FeatureHooks = {
    feature: "probe",
    hooks: {
      async groupMessage(ctx) {
        seen.push({ kind: "group", personId: ctx.personId, conversationId: ctx.conversation.conversationId, text: ctx.text, mentionsBot: ctx.mentionsBot, ...(ctx.replyTo ? { replyTo: ctx.replyTo } : {}) });
        return ctx.text === "ping hook" ? "pong from the probe" : null;
      },
      async reply(ctx) {
        seen.push({ kind: "reply", personId: ctx.personId, conversationId: ctx.conversation.conversationId, text: ctx.text, replyTo: ctx.replyTo });
      },
      async reaction(ctx) {
        seen.push({ kind: "reaction", personId: ctx.personId, conversationId: ctx.conversation.conversationId, messageId: ctx.messageId, emoji: ctx.emoji, added: ctx.added, ...(ctx.target ? { target: ctx.target } : {}) });
        return null;
      },
      async membersJoined(ctx) {
        seen.push({ kind: "joined", personId: ctx.personId, conversationId: ctx.conversation.conversationId, userIds: ctx.userIds });
        return { blocks: [{ type: "text", markdown: `Welcome, ${ctx.userIds.length} new` }] };
      },
    },
  };
  // Listed first: its failures must stop neither the probe nor the command.
  const broken: FeatureHooks = {
    feature: "broken",
    hooks: {
      groupMessage: () => Promise.reject(new Error("hook down")),
      reply: () => Promise.reject(new Error("hook down")),
      reaction: () => Promise.reject(new Error("hook down")),
      membersJoined: () => Promise.reject(new Error("hook down")),
    },
  };
  const take = (kind: string) => seen.filter((s) => s.kind === kind);
  const fresh = () => void seen.splice(0);
  const lina = () => bot.as("lina").in("#apollo");

  beforeAll(async () => {
    bot = await createTestBot({ hooks: [broken, probe] });
  });
  afterAll(async () => {
    await bot.close();
  });

  it("a group line without a mention reaches the hooks and nothing else answers it", async () => {
    fresh();
    const crashes = bot.runtime.crashes();
    const reply = await lina().says(":say the leads import looks slow today");
    expect(reply.messages).toEqual([]);
    expect(take("group")).toEqual([{ kind: "group", personId: expect.any(Number), conversationId: "#apollo", text: "the leads import looks slow today", mentionsBot: false }]);
    expect(bot.runtime.crashes()).toBe(crashes + 1); // the broken hook, logged through onError
  });

  it("a line addressed to the bot still runs as a command, and the hooks see it with mentionsBot", async () => {
    fresh();
    const reply = await lina().says("task list");
    expect(reply.messages.length).toBeGreaterThan(0);
    expect(reply.messages.every((m) => m.conversation.conversationId === "#apollo")).toBe(true);
    expect(take("group")).toEqual([expect.objectContaining({ text: "task list", mentionsBot: true })]);
  });

  it("a hook's answer is posted in the group", async () => {
    fresh();
    const reply = await lina().says(":say ping hook");
    expect(reply.text).toBe("pong from the probe");
    expect(reply.messages[0]?.conversation.conversationId).toBe("#apollo");
  });

  it("a reply to the bot's message names it, its text and its delivery key; it runs as a command only when addressed", async () => {
    const before = await lina().says("help standup");
    const answered = before.messages.at(-1)!;
    fresh();
    const plain = await lina().says(":reply last this does not match what we agreed");
    expect(plain.messages).toEqual([]);
    const [reply] = take("reply");
    expect(reply?.text).toBe("this does not match what we agreed");
    expect(reply?.replyTo?.messageId).toBe(answered.id);
    expect(reply?.replyTo?.text).toContain("standup");
    const delivery = await bot.runtime.database.db.selectFrom("deliveries").select("key").where("key", "=", reply!.replyTo!.deliveryKey!).executeTakeFirst();
    expect(delivery?.key).toMatch(/^reply:console:/);
    expect(take("group")[0]?.replyTo).toEqual(reply?.replyTo);

    fresh();
    const addressed = await lina().says(`:reply ${answered.id} @bot help standup`);
    expect(addressed.text).toContain("standup");
    expect(take("reply")).toEqual([expect.objectContaining({ text: "help standup", replyTo: expect.objectContaining({ messageId: answered.id }) })]);
  });

  it("a reply to a message the bot did not send carries no delivery key", async () => {
    fresh();
    await lina().says(":reply m-from-someone +1 to that");
    expect(take("reply")[0]?.replyTo).toEqual({ messageId: "m-from-someone" });
  });

  it("reactions reach the reaction hooks, normalised, with the bot's message they are on", async () => {
    const card = (await lina().says("help")).messages.at(-1)!;
    fresh();
    expect((await lina().says(":react last ticket")).messages).toEqual([]);
    expect((await lina().says(`:unreact ${card.id} 👍`)).messages).toEqual([]);
    const reactions = take("reaction");
    expect(reactions.map((r) => [r.emoji, r.added, r.messageId])).toEqual([
      ["ticket", true, card.id],
      ["+1", false, card.id],
    ]);
    expect(reactions[0]?.target?.deliveryKey).toMatch(/^reply:console:/);
    expect(reactions[0]?.conversationId).toBe("#apollo");
  });

  it("members joining reach the membersJoined hooks, and their answer is posted", async () => {
    fresh();
    const reply = await lina().says(":join anna tom");
    expect(reply.text).toBe("Welcome, 2 new");
    const [joined] = take("joined");
    expect(joined?.userIds).toHaveLength(2);
    expect(joined?.conversationId).toBe("#apollo");
  });

  it("a DM line is no group message; a DM reply still reaches the reply hooks", async () => {
    fresh();
    await bot.as("lina").dm().says("help");
    expect(take("group")).toEqual([]);
    await bot.as("lina").dm().says(":reply last thanks");
    expect(take("reply")).toHaveLength(1);
  });
});

describe("guided conversations in groups", () => {
  let bot: TestBot;
  let store: GuidedConversationStore;
  const survey: ConversationHandler = {
    async take({ text, tenantId, personId, scope }) {
      const open = await store.get(tenantId, personId, scope);
      if (open?.kind !== "survey") return null;
      await store.end(tenantId, personId, "survey", scope);
      return `Thanks, noted: ${text}`;
    },
  };
  const starter: FeatureHooks = {
    feature: "survey",
    hooks: {
      async groupMessage(ctx) {
        if (ctx.text !== "feedback please") return null;
        const expires = new Date(bot.runtime.clock.now().getTime() + 10 * 60_000);
        await store.start(ctx.tenantId, ctx.personId, "survey", {}, expires, conversationScope(ctx.conversation));
        return "Which module?";
      },
    },
  };

  beforeAll(async () => {
    bot = await createTestBot({ hooks: [starter], conversations: [survey] });
    store = createGuidedConversationStore(bot.runtime.database.db, () => bot.runtime.clock.now());
  });
  afterAll(async () => {
    await bot.close();
  });

  it("takes the next line of the person who started it, in that group only", async () => {
    expect((await bot.as("lina").in("#apollo").says(":say feedback please")).text).toBe("Which module?");
    expect((await bot.as("zhangmin").in("#apollo").says(":say Leads module")).messages).toEqual([]);
    expect((await bot.as("lina").in("#other").says(":say Leads module")).messages).toEqual([]);
    expect((await bot.as("lina").dm().says("Leads module")).text).not.toContain("Thanks");
    expect((await bot.as("lina").in("#apollo").says(":say Leads module")).text).toBe("Thanks, noted: Leads module");
    expect((await bot.as("lina").in("#apollo").says(":say Leads module")).messages).toEqual([]);
  });

  it("takes a line addressed to the bot as well, before it could run as a command", async () => {
    await bot.as("lina").in("#apollo").says(":say feedback please");
    expect((await bot.as("lina").in("#apollo").says("help")).text).toBe("Thanks, noted: help");
  });

  it("a DM conversation stays in the DM: a group line does not reach it", async () => {
    const lina = (await bot.runtime.database.db.selectFrom("people").select(["id", "tenant_id"]).where("display_name", "like", "%Li Na%").executeTakeFirstOrThrow());
    await store.start(lina.tenant_id, lina.id, "survey", {}, new Date(bot.runtime.clock.now().getTime() + 60_000), DIRECT_SCOPE);
    expect((await bot.as("lina").in("#apollo").says(":say Opportunities")).messages).toEqual([]);
    expect((await bot.as("lina").dm().says("Opportunities")).text).toBe("Thanks, noted: Opportunities");
  });
});
