import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamGatewayError } from "../../../adapters/dingtalk/stream.js";
import type { ChatAdapter, InboundEvent } from "../../../src/core/adapter.js";
import { startFakeDingtalkGateway, type FakeDingtalkGateway } from "../../helpers/fake-dingtalk.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, frameWith, rawFixture, testAdapter } from "./dingtalk-test-support.js";

// Stream mode against a fake gateway: registration body, acks only after the sink resolved, SYSTEM ping echo,
// and reconnects (announced and abrupt) that each open a new connection with a new ticket.

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const messageIdOf = (frame: Record<string, unknown>): string => String((frame.headers as Record<string, unknown>).messageId);

describe("DingTalk Stream mode", () => {
  let gateway: FakeDingtalkGateway;
  let adapter: ChatAdapter;
  const events: InboundEvent[] = [];
  const gates = new Map<string, { promise: Promise<void>; resolve(): void }>();
  const failing = new Set<string>();
  const failed: string[] = [];

  beforeAll(async () => {
    gateway = await startFakeDingtalkGateway({ clientId: APP.clientId, clientSecret: APP.clientSecret });
    adapter = testAdapter({ gatewayUrl: gateway.url, cardTemplateId: "tpl-card", stream: { reconnectInitialMs: 20, keepaliveMs: 0 } });
    await adapter.start(async (event) => {
      events.push(event);
      if (failing.has(event.dedupeKey)) {
        failed.push(event.dedupeKey);
        throw new Error("queue down");
      }
      await gates.get(event.dedupeKey)?.promise;
    });
  });
  afterAll(async () => {
    await adapter?.stop();
    await gateway?.close();
  });

  it("registers with client id, secret and the robot, card and event subscriptions, then connects with the ticket", () => {
    expect(gateway.opens).toHaveLength(1);
    const body = gateway.opens[0]?.body ?? {};
    expect(body).toMatchObject({ clientId: APP.clientId, clientSecret: APP.clientSecret });
    expect(body.subscriptions).toEqual([
      { type: "EVENT", topic: "*" },
      { type: "CALLBACK", topic: "/v1.0/im/bot/messages/get" },
      { type: "CALLBACK", topic: "/v1.0/card/instances/callback" },
    ]);
    expect(typeof body.ua).toBe("string");
    expect(body.localIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(gateway.connections.map((c) => c.ticket)).toEqual([gateway.opens[0]?.ticket]);
  });

  it("acks a robot message only after the sink resolved, in the documented ack shape", async () => {
    const frame = rawFixture("robot-1to1-text");
    const gate = deferred();
    gates.set("msg:msgB2kQ7Yf3rT0pXyZ1aVbCdE==", gate);
    gateway.push(frame);
    await waitFor(() => events.some((e) => e.dedupeKey === "msg:msgB2kQ7Yf3rT0pXyZ1aVbCdE=="), { what: "the robot message at the sink" });
    expect(gateway.ackFor(messageIdOf(frame))).toBeUndefined(); // the sink has not resolved yet
    gate.resolve();
    const ack = await waitFor(() => gateway.ackFor(messageIdOf(frame)), { what: "the ack" });
    expect(ack).toEqual({ code: 200, headers: { contentType: "application/json", messageId: messageIdOf(frame) }, message: "OK", data: JSON.stringify({ response: null }) });
  });

  it("turns a card callback into the button's command and acks it", async () => {
    const frame = rawFixture("card-callback");
    gateway.push(frame);
    await waitFor(() => gateway.ackFor(messageIdOf(frame)), { what: "the card ack" });
    const click = events.find((e) => e.dedupeKey === `card:${messageIdOf(frame)}`);
    expect(click?.kind === "command" && [click.commandLine, click.source]).toEqual(["task snooze T-42 --days 1", "button"]);
  });

  it("acks events with SUCCESS, and LATER when they could not be queued; a failed callback is not acked", async () => {
    const event = rawFixture("event-chat-update-title");
    gateway.push(event);
    const ack = await waitFor(() => gateway.ackFor(messageIdOf(event)), { what: "the event ack" });
    expect(JSON.parse(String(ack.data))).toEqual({ status: "SUCCESS", message: "OK" });

    failing.add("msg:msg-will-fail");
    const doomed = frameWith("robot-1to1-text", "frame-doomed", { msgId: "msg-will-fail" });
    gateway.push(doomed);
    await waitFor(() => failed.includes("msg:msg-will-fail"), { what: "the failing sink" });
    const after = frameWith("robot-1to1-text", "frame-after", { msgId: "msg-after" });
    gateway.push(after);
    await waitFor(() => gateway.ackFor("frame-after"), { what: "the next frame's ack" });
    expect(gateway.ackFor("frame-doomed")).toBeUndefined();
  });

  it("echoes SYSTEM pings", async () => {
    const id = gateway.ping("opaque-42");
    const echo = await waitFor(() => gateway.current()?.received.find((m) => (m.headers as Record<string, unknown> | undefined)?.messageId === id), { what: "the ping echo" });
    expect(echo).toMatchObject({ code: 200, message: "OK", data: JSON.stringify({ opaque: "opaque-42" }) });
  });

  it("reconnects with a fresh ticket when the gateway announces a disconnect, and keeps receiving", async () => {
    gateway.announceDisconnect();
    await waitFor(() => gateway.connections.length === 2 && gateway.current() === gateway.connections[1], { what: "the second connection" });
    expect(gateway.opens).toHaveLength(2);
    expect(gateway.connections[1]?.ticket).toBe(gateway.opens[1]?.ticket);
    expect(gateway.opens[1]?.ticket).not.toBe(gateway.opens[0]?.ticket);
    const frame = frameWith("robot-group-at-text", "frame-after-reconnect");
    gateway.push(frame);
    await waitFor(() => gateway.connections[1]?.received.some((m) => (m.headers as Record<string, unknown> | undefined)?.messageId === "frame-after-reconnect"), { what: "the ack on the new connection" });
  });

  it("reconnects with backoff and a fresh ticket after the connection drops", async () => {
    gateway.drop();
    await waitFor(() => gateway.connections.length === 3 && gateway.current() === gateway.connections[2], { what: "the third connection" });
    expect(new Set(gateway.opens.map((o) => o.ticket)).size).toBe(3);
    expect(gateway.reusedTickets).toEqual([]);
    const frame = frameWith("robot-1to1-text", "frame-after-drop", { msgId: "msg-after-drop" });
    gateway.push(frame);
    await waitFor(() => gateway.ackFor("frame-after-drop"), { what: "the ack after the drop" });
    expect(adapter.platform).toBe("dingtalk");
  });
});

describe("DingTalk Stream start", () => {
  it("fails fast when the gateway refuses the credentials", async () => {
    const gateway = await startFakeDingtalkGateway({ clientId: APP.clientId, clientSecret: "the real secret" });
    const adapter = testAdapter({ gatewayUrl: gateway.url, stream: { reconnectInitialMs: 20, keepaliveMs: 0 } });
    try {
      await expect(adapter.start(async () => undefined)).rejects.toBeInstanceOf(StreamGatewayError);
      expect(gateway.connections).toHaveLength(0);
    } finally {
      await adapter.stop();
      await gateway.close();
    }
  });
});
