import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Capabilities, ConversationRef, InboundEvent, SentRef } from "../../src/core/adapter.js";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { inboundKey } from "../../src/core/ingest.js";
import { mediaId } from "../../src/core/media.js";
import { actions, button, image, plain, text, type OutboundMessage } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
import type { DeliveryRow } from "../../src/db/schema.js";
import type { Runtime } from "../../src/main.js";
import { createFakeAdapter, type FakeAdapter } from "../helpers/fake-adapter.js";
import { tinyPng } from "../helpers/png.js";
import { startTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { sleep, waitFor } from "../helpers/wait.js";

const SLACK_TENANT = "T-ACME";
const FEISHU_TENANT = "F-ACME";

/** No buttons, small messages, edits: every degrade path shows. */
const textOnly: Capabilities = {
  buttons: false,
  forms: false,
  markdown: "basic",
  editMessage: true,
  ephemeral: false,
  threads: false,
  createGroup: false,
  maxTextLength: 120,
  rateLimits: [],
  reactions: false,
  images: "separate",
};

/** Buttons, no edits, and a tight per-conversation rate limit. */
const throttled: Capabilities = {
  buttons: { max: 5, labelMax: 20 },
  forms: false,
  markdown: "rich",
  editMessage: false,
  ephemeral: false,
  threads: false,
  createGroup: false,
  maxTextLength: 4000,
  rateLimits: [{ scope: "target", limit: 2, windowMs: 1000 }],
  reactions: false,
  images: "inline",
};

const group = (platform: "slack" | "feishu", conversationId: string): ConversationRef => ({
  platform,
  tenantId: platform === "slack" ? SLACK_TENANT : FEISHU_TENANT,
  conversationId,
  kind: "group",
});

describe("delivery through the outbox (notify → deliver job → adapter)", () => {
  let env: TestRuntime;
  let runtime: Runtime;
  let slack: FakeAdapter;
  let feishu: FakeAdapter;
  let seq = 0;
  const key = (name: string) => `${name}-${++seq}`;

  const row = async (deliveryKey: string): Promise<DeliveryRow | undefined> =>
    runtime.database.db.selectFrom("deliveries").selectAll().where("key", "=", deliveryKey).executeTakeFirst();

  const settled = (deliveryKey: string, status: "sent" | "failed", timeoutMs = 15_000): Promise<DeliveryRow> =>
    waitFor(async () => {
      const r = await row(deliveryKey);
      return r?.status === status ? r : undefined;
    }, { timeoutMs, what: `delivery ${deliveryKey} to be ${status}` });

  const inbound = (conversation: ConversationRef, userId: string, words: string, dedupeKey: string): InboundEvent => ({
    kind: "message",
    text: words,
    mentionsBot: false,
    dedupeKey,
    conversation,
    actor: { platform: conversation.platform, tenantId: conversation.tenantId, userId, displayName: userId === "U-ADA" ? "Ada Lovelace" : "Bob Stone", isBot: false },
    receivedAt: new Date().toISOString(),
    raw: null,
  });

  beforeAll(async () => {
    slack = createFakeAdapter({ platform: "slack", capabilities: textOnly, withEdit: true });
    feishu = createFakeAdapter({ platform: "feishu", capabilities: throttled });
    env = await startTestRuntime({ adapters: [slack, feishu], env: { DELIVERY_MAX_ATTEMPTS: "2" } });
    runtime = env.runtime;
    await runtime.services.tenants.ensure("slack", SLACK_TENANT, { name: "Acme on Slack", locale: "en", timezone: "Europe/Berlin" });
    await runtime.services.tenants.ensure("feishu", FEISHU_TENANT, { name: "Acme on Feishu", locale: "en", timezone: "Asia/Shanghai" });
  });

  afterAll(async () => {
    await env?.close();
  });

  it("stores an image once by content: the outbox rows name it, the adapter gets the bytes back", async () => {
    const chart = tinyPng(64, 48, [12, 34, 56]);
    const sha = mediaId(chart);
    const digest: OutboundMessage = { title: "Digest", blocks: [text("Adoption is up"), image(chart, "Adoption chart", "adoption.png")] };
    const keys = [key("image"), key("image"), key("image")];
    await runtime.services.notify.enqueueMany(keys.map((k, i) => ({ target: { type: "conversation" as const, conversation: group("slack", `C-IMG-${i}`) }, message: digest, opts: { key: k } })));
    await runtime.services.notify.toConversation(group("feishu", "oc-img"), digest, { key: keys[0] + "-feishu" });
    for (const k of [...keys, keys[0] + "-feishu"]) await settled(k, "sent");

    const stored = await runtime.database.db.selectFrom("media").select(["sha256", "size", "mime_type", "bytes"]).where("sha256", "=", sha).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ sha256: sha, size: chart.length, mime_type: "image/png" });
    expect(Buffer.from(stored[0]?.bytes ?? []).equals(chart)).toBe(true);
    const outbox = await row(keys[0] ?? "");
    expect(JSON.stringify(outbox?.message)).toContain(`"media":"${sha}"`);
    expect(JSON.stringify(outbox?.message).length).toBeLessThan(400);

    // textOnly shows images "separate": the chart is a part of its own, after the text, with its bytes intact.
    const parts = slack.sentFor(keys[0] ?? "");
    expect(parts.map((p) => p.message.blocks.map((b) => b.type))).toEqual([["text"], ["image"]]);
    const sentImage = parts[1]?.message.blocks[0];
    expect(sentImage?.type === "image" && Buffer.from(sentImage.png).equals(chart)).toBe(true);
    expect(sentImage).toMatchObject({ alt: "Adoption chart", name: "adoption.png" });
    // throttled shows images "inline": one part, the image in place.
    expect(feishu.sentFor(keys[0] + "-feishu").map((p) => p.message.blocks.map((b) => b.type))).toEqual([["text", "image"]]);
  });

  it("refuses an image that is not a PNG before anything is queued", async () => {
    const k = key("not-png");
    await expect(runtime.services.notify.toConversation(group("slack", "C-NOT-PNG"), { blocks: [image(Buffer.from("GIF89a...."), "x")] }, { key: k })).rejects.toThrow(/PNG/);
    expect(await row(k)).toBeUndefined();
  });

  it("a fan-out with enqueueMany writes one row per new key and sends each once", async () => {
    const first = key("many");
    const second = key("many");
    const dm = (userId: string) => ({ type: "direct" as const, platform: "slack" as const, tenantRef: SLACK_TENANT, userId });
    const fresh = await runtime.services.notify.enqueueMany([
      { target: dm("U-ADA"), message: plain("Stand-up time"), opts: { key: first } },
      { target: dm("U-BOB"), message: plain("Stand-up time"), opts: { key: second } },
    ]);
    expect([...fresh].sort()).toEqual([first, second].sort());
    const again = await runtime.services.notify.enqueueMany([{ target: dm("U-ADA"), message: plain("Stand-up time, again"), opts: { key: first } }]);
    expect(again.size).toBe(0);
    await settled(first, "sent");
    await settled(second, "sent");
    await runtime.settle();
    expect(slack.sentFor(first)).toHaveLength(1);
    expect(slack.sentFor(second)).toHaveLength(1);
    expect(await runtime.services.notify.enqueueMany([])).toEqual(new Set());
  });

  it("a fan-out's rows each keep their own target, message, reply, edit and send time, however the messages are shared", async () => {
    const [ada, bob, cy] = [key("rows"), key("rows"), key("rows")];
    const dm = (userId: string) => ({ type: "direct" as const, platform: "slack" as const, tenantRef: SLACK_TENANT, userId });
    // Quotes, backslashes, braces, commas, Chinese and an emoji: what an array literal must escape.
    const shared = plain('站会 "Stand-up" {today}, C:\\path\\ \u{1F44D}');
    const own = plain("Bob's own reminder, with a \"quote\" and a comma, here");
    // Not before an hour or two from now, so that nothing is sent (and cancelled at the end): only the rows matter.
    const soon = new Date(Date.now() + 3_600_000);
    const later = new Date(Date.now() + 7_200_000);
    const fresh = await runtime.services.notify.enqueueMany([
      { target: dm("U-ADA"), message: shared, opts: { key: ada, personId: 7, notBefore: soon } },
      { target: dm("U-BOB"), message: own, opts: { key: bob, reply: { kind: "response_url", url: "https://hooks.example/r/1" }, editOf: ada, notBefore: soon } },
      { target: dm("U-CY"), message: { ...shared }, opts: { key: cy, notBefore: later } },
    ]);
    expect([...fresh].sort()).toEqual([ada, bob, cy].sort());
    const [rowAda, rowBob, rowCy] = await Promise.all([ada, bob, cy].map((k) => row(k)));
    expect(rowAda).toMatchObject({ platform: "slack", person_id: 7, tenant_id: null, reply: null, edit_of: null, target: dm("U-ADA"), message: shared });
    expect(rowBob).toMatchObject({ person_id: null, reply: { kind: "response_url", url: "https://hooks.example/r/1" }, edit_of: ada, target: dm("U-BOB"), message: own });
    expect(rowCy).toMatchObject({ target: dm("U-CY"), message: shared });
    expect([rowAda, rowBob, rowCy].map((r) => r?.next_at.getTime())).toEqual([soon, soon, later].map((d) => d.getTime()));
    await runtime.database.db.updateTable("deliveries").set({ status: "cancelled" }).where("key", "in", [ada, bob, cy]).execute();
  });

  it("deliver jobs running at once share their writes, and a row asked for twice in one go (a sweep's job beside the original) is sent once", async () => {
    const keys = Array.from({ length: 20 }, () => key("burst"));
    const conversation = group("slack", "C-BURST");
    // Rows written straight into the outbox, so that no deliver job of the queue reaches them first.
    const rows = await runtime.database.db
      .insertInto("deliveries")
      .values(keys.map((k) => ({ key: k, platform: "slack", target: JSON.stringify({ type: "conversation", conversation }), message: JSON.stringify(plain(`Stand-up time ${k}`)) })))
      .returning("id")
      .execute();
    await Promise.all(rows.flatMap((r) => [runtime.delivery.deliver(r.id), runtime.delivery.deliver(r.id), runtime.delivery.deliver(r.id)]));
    for (const k of keys) {
      expect(slack.sentFor(k)).toHaveLength(1);
      expect(await row(k)).toMatchObject({ status: "sent", attempts: 1, last_error: null });
      expect((await row(k))?.sent_ref).toMatchObject({ parts: [{ messageId: expect.any(String) }] });
    }
  });

  it("a row a crashed replica left in sending is sent again by the next sweep once its lease lapses (40 s), not before", async () => {
    const conversation = group("slack", "C-STUCK");
    const [lapsed, live] = [key("stuck"), key("stuck")];
    for (const k of [lapsed, live]) {
      await runtime.services.notify.toConversation(conversation, plain("Stand-up time"), { key: k });
      await settled(k, "sent");
    }
    // As a replica killed between claiming a row and recording its send leaves it: lease last renewed 60 s / 20 s ago.
    const ago = (ms: number) => new Date(Date.now() - ms);
    await runtime.database.db.updateTable("deliveries").set({ status: "sending", sent_ref: null, sent_at: null, updated_at: ago(60_000) }).where("key", "=", lapsed).execute();
    await runtime.database.db.updateTable("deliveries").set({ status: "sending", sent_ref: null, sent_at: null, updated_at: ago(20_000) }).where("key", "=", live).execute();
    await runtime.delivery.sweep();
    await settled(lapsed, "sent");
    await runtime.settle();
    expect(slack.sentFor(lapsed)).toHaveLength(2);
    expect(slack.sentFor(live)).toHaveLength(1);
    expect((await row(live))?.status).toBe("sending");
  });

  it("keeps a platform's error text bounded and without what the platform echoed of the message", async () => {
    const k = key("echo");
    slack.fail(k, () => DeliveryError.fatal(`invalid_blocks: {"text":"Li Na's salary review","type":"mrkdwn"} near 'Li Na\'s salary review'\nrequest body: Li Na's salary review`));
    await runtime.services.notify.toConversation(group("slack", "C-ECHO"), plain("Li Na's salary review"), { key: k });
    const failed = await settled(k, "failed");
    expect(failed.last_error).toContain("invalid_blocks");
    expect(failed.last_error).not.toContain("salary");
    expect(failed.last_error!.length).toBeLessThanOrEqual(400);
  });

  it("sends one notify exactly once, and a second notify with the same key sends nothing", async () => {
    const conversation = group("slack", "C-ONCE");
    const k = key("once");
    expect(await runtime.services.notify.toConversation(conversation, plain("Kick-off at 10:00"), { key: k })).toBe(true);
    const sent = await settled(k, "sent");
    expect(sent.attempts).toBe(1);
    expect(await runtime.services.notify.toConversation(conversation, plain("Kick-off at 10:00, again"), { key: k })).toBe(false);
    expect(await runtime.services.notify.enqueue({ type: "conversation", conversation }, plain("and again"), { key: k })).toBe(false);
    await runtime.settle();

    const both = key("race");
    const results = await Promise.all([
      runtime.services.notify.toConversation(conversation, plain("first"), { key: both }),
      runtime.services.notify.toConversation(conversation, plain("second"), { key: both }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await settled(both, "sent");
    await runtime.settle();

    expect(slack.sentFor(k)).toHaveLength(1);
    expect(toPlainText(slack.sentFor(k)[0]!.message)).toContain("Kick-off at 10:00");
    expect(slack.sentFor(both)).toHaveLength(1);
    const rows = await runtime.database.db.selectFrom("deliveries").select("id").where("key", "in", [k, both]).execute();
    expect(rows).toHaveLength(2);
  });

  it("opens the DM at send time for notify.toUser, and sends once", async () => {
    const k = key("dm");
    expect(await runtime.services.notify.toUser("slack", SLACK_TENANT, "U-ADA", plain("Your stand-up is due"), { key: k })).toBe(true);
    expect(await runtime.services.notify.toUser("slack", SLACK_TENANT, "U-ADA", plain("Your stand-up is due"), { key: k })).toBe(false);
    await settled(k, "sent");
    await runtime.settle();
    expect(slack.opened).toContainEqual({ tenantId: SLACK_TENANT, userId: "U-ADA" });
    expect(slack.sentFor(k)).toHaveLength(1);
    expect(slack.sentFor(k)[0]?.conversation).toMatchObject({ platform: "slack", tenantId: SLACK_TENANT, conversationId: "D-U-ADA", kind: "direct" });
  });

  it("retries a rate-limited send no earlier than the platform's wait hint", async () => {
    const k = key("hint");
    slack.fail(k, ({ try: n }) => (n === 1 ? DeliveryError.retry("rate limited", 1500) : undefined));
    await runtime.services.notify.toConversation(group("slack", "C-HINT"), plain("Cut-over checklist"), { key: k });
    const waiting = await waitFor(async () => {
      const r = await row(k);
      return r?.status === "pending" && r.attempts === 1 ? r : undefined;
    }, { what: "the first attempt to be recorded" });
    expect(waiting.last_error).toBe("rate limited");
    const first = slack.triesFor(k)[0];
    expect(first?.outcome).toBe("threw");
    expect(waiting.next_at.getTime() - first!.at).toBeGreaterThanOrEqual(1500);

    const done = await settled(k, "sent");
    expect(done.attempts).toBe(2);
    expect(done.last_error).toBeNull();
    const tries = slack.triesFor(k);
    expect(tries.map((s) => s.outcome)).toEqual(["threw", "sent"]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1500);
  });

  it("never retries a fatal error, and keeps its reason", async () => {
    const k = key("fatal");
    slack.fail(k, () => DeliveryError.fatal("quota used up"));
    await runtime.services.notify.toConversation(group("slack", "C-FATAL"), plain("Monthly digest"), { key: k });
    const failed = await settled(k, "failed");
    expect(failed.last_error).toBe("quota used up");
    expect(failed.attempts).toBe(1);
    // The first retry of a retryable error would come within 2 s (backoff 1–2 s); wait past that.
    await sleep(2600);
    await runtime.settle();
    expect(slack.triesFor(k)).toHaveLength(1);
    expect((await row(k))?.status).toBe("failed");
  });

  it("retries a plain network error with backoff and gives up after DELIVERY_MAX_ATTEMPTS", async () => {
    const k = key("net");
    slack.fail(k, () => new Error("ECONNRESET: socket hang up"));
    await runtime.services.notify.toConversation(group("slack", "C-NET"), plain("UAT starts Monday"), { key: k });
    const failed = await settled(k, "failed");
    expect(failed.attempts).toBe(2);
    expect(failed.last_error).toContain("ECONNRESET: socket hang up");
    expect(failed.last_error).toContain("2 attempts");
    const tries = slack.triesFor(k);
    expect(tries).toHaveLength(2);
    // backoffMs(1) is at least 1 s
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1000);
    await sleep(200);
    await runtime.settle();
    expect(slack.triesFor(k)).toHaveLength(2);
  });

  it("splits a long message into parts, and a retry of part 2 does not resend part 1", async () => {
    const k = key("long");
    const paragraphs = ["A", "B", "C"].map((letter) => `${letter}: ${"lorem ipsum dolor sit amet ".repeat(3).trim()}`);
    const message: OutboundMessage = { blocks: paragraphs.map((p) => text(p)) };
    expect(toPlainText(message).length).toBeGreaterThan(textOnly.maxTextLength);
    slack.fail(`${k}#1`, ({ try: n }) => (n === 1 ? DeliveryError.retry("server busy") : undefined));
    await runtime.services.notify.toConversation(group("slack", "C-LONG"), message, { key: k });
    const done = await settled(k, "sent");
    expect(done.attempts).toBe(2);

    const sent = slack.sentFor(k);
    const perPart = new Map<string, number>();
    for (const s of sent) perPart.set(s.idempotencyKey, (perPart.get(s.idempotencyKey) ?? 0) + 1);
    expect(Object.fromEntries(perPart)).toEqual({ [`${k}#0`]: 1, [`${k}#1`]: 1, [`${k}#2`]: 1 });
    expect(slack.triesFor(`${k}#1`)).toHaveLength(2);
    // Adapters learn which part they send from the deliver job, not by parsing the key.
    expect(slack.sentFor(`${k}#2`)[0]?.part).toEqual({ index: 2, count: 3 });
    for (const s of sent) expect(toPlainText(s.message).length).toBeLessThanOrEqual(textOnly.maxTextLength);
    expect(sent.map((s) => toPlainText(s.message)).join("\n")).toMatch(/A: lorem[\s\S]*B: lorem[\s\S]*C: lorem/);
    expect((done.sent_ref as { parts: SentRef[] }).parts).toHaveLength(3);
  });

  it("edits the first message in place when a delivery says editOf and the adapter can edit", async () => {
    const conversation = group("slack", "C-EDIT");
    const original = key("poll");
    await runtime.services.notify.toConversation(conversation, plain("Stand-up: 2 of 5 answered"), { key: original });
    const first = await settled(original, "sent");
    const firstRef = (first.sent_ref as { parts: SentRef[] }).parts[0];
    expect(firstRef).toBeDefined();

    const update = key("poll-update");
    await runtime.services.notify.toConversation(conversation, plain("Stand-up: 5 of 5 answered"), { key: update, editOf: original });
    const edited = await settled(update, "sent");
    expect(slack.edits).toHaveLength(1);
    expect(slack.edits[0]?.ref).toEqual(firstRef);
    expect(toPlainText(slack.edits[0]!.message)).toContain("5 of 5 answered");
    expect(slack.triesFor(update)).toHaveLength(0);
    expect((edited.sent_ref as { parts: SentRef[] }).parts[0]).toEqual(firstRef);
  });

  it("sends a new message for editOf when the adapter cannot edit", async () => {
    const conversation = group("feishu", "C-NOEDIT");
    const original = key("noedit");
    await runtime.services.notify.toConversation(conversation, plain("Status: amber"), { key: original });
    await settled(original, "sent");
    const update = key("noedit-update");
    await runtime.services.notify.toConversation(conversation, plain("Status: green"), { key: update, editOf: original });
    await settled(update, "sent");
    expect(feishu.sentFor(update)).toHaveLength(1);
    expect(toPlainText(feishu.sentFor(update)[0]!.message)).toContain("Status: green");
  });

  it("numbers the buttons where there are none, and a reply of 2 runs the second button's command", async () => {
    const conversation = group("slack", "C-BUTTONS");
    const k = key("choices");
    const message: OutboundMessage = { title: "What next?", blocks: [text("Pick one."), actions(button("Projects", "project list"), button("Who am I", "whoami"))] };
    await runtime.services.notify.toConversation(conversation, message, { key: k, audience: "U-ADA" });
    await settled(k, "sent");
    const shown = slack.sentFor(k)[0]!.message;
    expect(shown.blocks.some((b) => b.type === "actions")).toBe(false);
    const shownText = toPlainText(shown);
    expect(shownText).toContain("1. Projects");
    expect(shownText).toContain("2. Who am I");

    const replyTo = async (userId: string, words: string, dedupeKey: string) => {
      const ev = inbound(conversation, userId, words, dedupeKey);
      await slack.sink()(ev);
      await runtime.settle();
      return waitFor(() => slack.sentFor(`reply:${inboundKey(ev)}`)[0], { what: `a reply to ${words}` });
    };

    const outOfRange = await replyTo("U-ADA", "7", key("ev"));
    expect(toPlainText(outOfRange.message)).toContain("a number between 1 and 2");

    // The choices were offered to Ada only: Bob's "2" in the group is ordinary chatter.
    const bob = inbound(conversation, "U-BOB", "2", key("ev"));
    await slack.sink()(bob);
    await runtime.settle();
    await sleep(300);
    await runtime.settle();
    expect(slack.triesFor(`reply:${inboundKey(bob)}`)).toHaveLength(0);
    expect(slack.sends.filter((x) => x.conversation.conversationId === "C-BUTTONS" && x.idempotencyKey.startsWith("reply:"))).toHaveLength(1);

    const chosen = await replyTo("U-ADA", "2", key("ev"));
    expect(chosen.message.title).toBe("You are Ada Lovelace");
    expect(chosen.conversation.conversationId).toBe("C-BUTTONS");
  });

  it("respects a per-conversation rate limit: all sent, never more than 2 a second, none twice", async () => {
    const conversation = group("feishu", "C-BUSY");
    const keys = Array.from({ length: 5 }, () => key("busy"));
    for (const [i, k] of keys.entries()) {
      expect(await runtime.services.notify.toConversation(conversation, plain(`Reminder ${i + 1}`), { key: k })).toBe(true);
    }
    for (const k of keys) {
      const done = await settled(k, "sent", 20_000);
      expect(done.attempts).toBe(1);
    }
    const sends = feishu.sends.filter((s) => s.conversation.conversationId === "C-BUSY");
    expect(sends).toHaveLength(5);
    expect(new Set(sends.map((s) => s.idempotencyKey))).toEqual(new Set(keys));
    const times = sends.map((s) => s.at).sort((a, b) => a - b);
    // The limiter reserves a slot just before the claim and the send; the fake records when the send
    // arrives, so allow the few milliseconds between the two.
    for (let i = 0; i + 2 < times.length; i++) expect(times[i + 2]! - times[i]!).toBeGreaterThanOrEqual(1000 - 50);
  });
});
