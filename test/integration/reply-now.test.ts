import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundProcessor } from "../../jobs/inbound.js";
import type { Capabilities, ConversationRef, InboundEvent } from "../../src/core/adapter.js";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { createInboundClaims, inboundKey } from "../../src/core/ingest.js";
import { toPlainText } from "../../src/core/plain-text.js";
import type { DeliveryRow } from "../../src/db/schema.js";
import type { Runtime } from "../../src/main.js";
import type { ReplyNow } from "../../src/notify/reply-now.js";
import { createFakeAdapter, type FakeAdapter } from "../helpers/fake-adapter.js";
import { startTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { sleep, waitFor } from "../helpers/wait.js";

const TENANT = "T-FAST";

/** One reply a second per conversation: a second command's reply in the same second waits for a slot. */
const paced: Capabilities = {
  buttons: { max: 5, labelMax: 20 },
  forms: false,
  markdown: "rich",
  editMessage: false,
  ephemeral: false,
  threads: false,
  createGroup: false,
  maxTextLength: 4000,
  rateLimits: [{ scope: "target", limit: 1, windowMs: 1000 }],
  reactions: false,
  images: "inline",
};

describe("a command's reply is delivered by the job that ran the command (no deliver job of its own)", () => {
  let env: TestRuntime;
  let runtime: Runtime;
  let slack: FakeAdapter;
  let seq = 0;

  const dm = (userId: string): ConversationRef => ({ platform: "slack", tenantId: TENANT, conversationId: `D-${userId}`, kind: "direct" });
  const event = (userId: string, text: string): InboundEvent => ({
    kind: "message",
    text,
    mentionsBot: false,
    dedupeKey: `ev-${++seq}`,
    conversation: dm(userId),
    actor: { platform: "slack", tenantId: TENANT, userId, displayName: userId, isBot: false },
    receivedAt: new Date().toISOString(),
    raw: null,
  });
  const replyKey = (e: InboundEvent) => `reply:${inboundKey(e)}`;
  const row = (key: string): Promise<DeliveryRow | undefined> => runtime.database.db.selectFrom("deliveries").selectAll().where("key", "=", key).executeTakeFirst();
  const settled = (key: string, status: DeliveryRow["status"]): Promise<DeliveryRow> =>
    waitFor(async () => {
      const r = await row(key);
      return r?.status === status ? r : undefined;
    }, { what: `delivery ${key} to be ${status}` });

  beforeAll(async () => {
    slack = createFakeAdapter({ platform: "slack", capabilities: paced });
    env = await startTestRuntime({ adapters: [slack] });
    runtime = env.runtime;
    await runtime.services.tenants.ensure("slack", TENANT, { name: "Fast path", locale: "en", timezone: "Europe/Berlin" });
  });

  afterAll(async () => {
    await env?.close();
  });

  it("sends the reply once, claimed like a deliver job claims it (one attempt, recorded sent)", async () => {
    const e = event("U-ADA", "whoami");
    await slack.sink()(e);
    const sent = await settled(replyKey(e), "sent");
    await runtime.settle();
    expect(sent.attempts).toBe(1);
    expect(slack.sentFor(replyKey(e))).toHaveLength(1);
    expect(toPlainText(slack.sentFor(replyKey(e))[0]!.message)).toContain("U-ADA");
  });

  it("a reply the platform's rate limit holds back goes out through a delayed deliver job, once, with no attempt spent", async () => {
    const first = event("U-PACE", "whoami");
    const second = event("U-PACE", "whoami");
    await slack.sink()(first);
    await settled(replyKey(first), "sent");
    await slack.sink()(second);
    const sent = await settled(replyKey(second), "sent");
    await runtime.settle();
    expect(sent.attempts).toBe(1);
    expect(slack.sentFor(replyKey(second))).toHaveLength(1);
    // One send a second in this conversation: the second reply waited for its slot.
    expect(slack.sentFor(replyKey(second))[0]!.at - slack.sentFor(replyKey(first))[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it("a reply the platform refuses for now is retried after the platform's wait hint and never sent twice", async () => {
    const e = event("U-RETRY", "whoami");
    slack.fail(replyKey(e), ({ try: n }) => (n === 1 ? DeliveryError.retry("rate limited", 1500) : undefined));
    await slack.sink()(e);
    const sent = await settled(replyKey(e), "sent");
    await runtime.settle();
    const tries = slack.triesFor(replyKey(e));
    expect(tries.map((t) => t.outcome)).toEqual(["threw", "sent"]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1500);
    expect(sent.attempts).toBe(2);
  });

  it("a worker killed between writing the reply and sending it: the sweep sends it exactly once, and the platform's redelivery is a duplicate", async () => {
    const e = event("U-CRASH", "whoami");
    // The real inbound processor, dispatcher and outbox write; the worker dies as it starts to send (send never returns).
    let killedAt: (() => void) | null = null;
    const killed = new Promise<void>((resolve) => (killedAt = resolve));
    const dying: ReplyNow = {
      hold: (ev) => {
        const held = runtime.replies.hold(ev);
        return { send: () => (killedAt?.(), new Promise<void>(() => undefined)), queue: held.queue };
      },
      take: (ev, id) => runtime.replies.take(ev, id),
    };
    const worker = inboundProcessor({ dispatcher: runtime.dispatcher, claims: createInboundClaims(runtime.database.db), replies: dying });
    void worker({ event: e });
    await killed;
    await runtime.settle();
    await sleep(200);
    await runtime.settle();
    // Committed, key done, nothing sent, and no deliver job was queued for it.
    expect((await row(replyKey(e)))?.status).toBe("pending");
    expect(slack.triesFor(replyKey(e))).toHaveLength(0);
    const key = await runtime.database.db.selectFrom("inbound_keys").select("state").where("key", "=", inboundKey(e)).executeTakeFirst();
    expect(key?.state).toBe("done");

    // The platform delivers the event again after the restart: a duplicate, nothing new is written or sent.
    await slack.sink()(e);
    await runtime.settle();
    expect(await runtime.database.db.selectFrom("deliveries").select("id").where("key", "like", `${replyKey(e)}%`).execute()).toHaveLength(1);
    expect(slack.triesFor(replyKey(e))).toHaveLength(0);

    // A sweep before the row is a minute overdue leaves it alone (the worker may still be sending it) …
    await runtime.delivery.sweep();
    await runtime.settle();
    expect(slack.triesFor(replyKey(e))).toHaveLength(0);
    // … the next minute's sweep queues it, and it goes out once; later sweeps send nothing more.
    await runtime.database.db.updateTable("deliveries").set({ next_at: new Date(Date.now() - 61_000) }).where("key", "=", replyKey(e)).execute();
    await runtime.delivery.sweep();
    const sent = await settled(replyKey(e), "sent");
    await runtime.delivery.sweep();
    await runtime.settle();
    expect(slack.sentFor(replyKey(e))).toHaveLength(1);
    expect(sent.attempts).toBe(1);
  });

  it("a run that fails after its reply was written queues the reply's deliver job, as before the fast path", async () => {
    const e = event("U-FAIL", "whoami");
    const claims = createInboundClaims(runtime.database.db);
    const failing = { ...claims, done: async () => Promise.reject(new Error("connection terminated")) };
    const worker = inboundProcessor({ dispatcher: runtime.dispatcher, claims: failing, replies: runtime.replies });
    await expect(worker({ event: e })).rejects.toThrow("connection terminated");
    const sent = await settled(replyKey(e), "sent");
    await runtime.settle();
    expect(sent.attempts).toBe(1);
    expect(slack.sentFor(replyKey(e))).toHaveLength(1);
  });
});

