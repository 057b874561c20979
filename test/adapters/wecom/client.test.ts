import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createWecomClient, TOKEN_REFRESH_MARGIN_MS, WecomApiError } from "../../../adapters/wecom/client.js";
import type { ConversationRef } from "../../../src/core/adapter.js";
import { DeliveryError } from "../../../src/core/delivery-error.js";
import { actions, button, plain, text } from "../../../src/core/message.js";
import { startFakeWecomApi, type FakeWecomApi } from "../../helpers/fake-wecom-api.js";
import { APP, testAdapter } from "./wecom-test-support.js";

const dm = (userId: string): ConversationRef => ({ platform: "wecom", tenantId: APP.corpId, conversationId: userId, kind: "direct" });

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("WeCom API client", () => {
  let fake: FakeWecomApi;
  beforeAll(async () => {
    fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret, tokenTtlSeconds: 7200 });
  });
  afterAll(() => fake.close());

  it("fetches the token once for concurrent callers and reuses it", async () => {
    const client = createWecomClient({ apiUrl: fake.url, corpId: APP.corpId, secret: APP.secret });
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.post("message/send", { touser: `u${i}`, msgtype: "text", agentid: 1, text: { content: "x" } })));
    await client.post("message/send", { touser: "u", msgtype: "text", agentid: 1, text: { content: "x" } });
    expect(client.tokenFetches()).toBe(1);
  });

  it("refreshes the token before it expires, while the old one still works", async () => {
    let now = 1_000_000;
    const client = createWecomClient({ apiUrl: fake.url, corpId: APP.corpId, secret: APP.secret, now: () => now });
    await client.post("message/send", { touser: "u", msgtype: "text", agentid: 1, text: { content: "x" } });
    now += 7200 * 1000 - TOKEN_REFRESH_MARGIN_MS - 1;
    await client.post("message/send", { touser: "u", msgtype: "text", agentid: 1, text: { content: "x" } });
    expect(client.tokenFetches()).toBe(1);
    now += 2;
    const before = fake.calls.length;
    await client.post("message/send", { touser: "u", msgtype: "text", agentid: 1, text: { content: "x" } });
    expect(client.tokenFetches()).toBe(2);
    expect(fake.calls.length - before).toBe(1); // no refused call: the refresh came first
  });

  it("fetches a new token and retries once on 42001 (expired) and 40014 (invalid)", async () => {
    const client = createWecomClient({ apiUrl: fake.url, corpId: APP.corpId, secret: APP.secret });
    await client.post("message/send", { touser: "u", msgtype: "text", agentid: 1, text: { content: "x" } });
    fake.revokeTokens();
    await client.post("message/send", { touser: "u", msgtype: "text", agentid: 1, text: { content: "x" } });
    expect(client.tokenFetches()).toBe(2);
    fake.failNext("message/send", 40014, "invalid access_token", 1);
    await client.post("message/send", { touser: "u", msgtype: "text", agentid: 1, text: { content: "x" } });
    expect(client.tokenFetches()).toBe(3);
  });

  it("retries only once: a second token error surfaces as a WecomApiError", async () => {
    const client = createWecomClient({ apiUrl: fake.url, corpId: APP.corpId, secret: APP.secret });
    fake.failNext("message/send", 42001, "access_token expired", 2);
    const error = await thrown(client.post("message/send", { touser: "u", msgtype: "text", agentid: 1, text: { content: "x" } }));
    expect(error).toBeInstanceOf(WecomApiError);
    expect((error as WecomApiError).errcode).toBe(42001);
    expect(client.tokenFetches()).toBe(2);
  });

  it("reports a wrong secret from gettoken", async () => {
    const client = createWecomClient({ apiUrl: fake.url, corpId: APP.corpId, secret: "wrong" });
    const error = await thrown(client.post("message/send", {}));
    expect((error as WecomApiError).errcode).toBe(40001);
  });
});

describe("WeCom adapter outbound", () => {
  let fake: FakeWecomApi;
  beforeAll(async () => {
    fake = await startFakeWecomApi({
      corpId: APP.corpId,
      secret: APP.secret,
      members: ["zhangsan", "lisi", "wangwu", "zhaoliu"],
      usersByMobile: { "+86 13800000001": "zhangsan" },
      usersByEmail: { "li.si@corp.example#1": "lisi", "wang.wu@gmail.example#2": "wangwu" },
    });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.delivered.length = 0;
  });

  it("sends a DM as markdown, and as a button_interaction template card when it has buttons", async () => {
    const adapter = testAdapter({ apiUrl: fake.url });
    const sent = await adapter.send(dm("zhangsan"), plain("**hello**"), { idempotencyKey: "k1" });
    await adapter.send(dm("zhangsan"), { title: "T-42", blocks: [text("due today"), actions(button("Done", "task done T-42", "primary"))] }, { idempotencyKey: "k2" });
    const [first, second] = fake.deliveredTo("zhangsan");
    expect(first?.msgtype).toBe("markdown");
    expect(first?.body).toMatchObject({ touser: "zhangsan", agentid: 1000002, markdown: { content: "**hello**" } });
    expect(second?.msgtype).toBe("template_card");
    expect(second?.body).toMatchObject({ template_card: { card_type: "button_interaction", button_list: [{ text: "Done", key: "task done T-42" }] } });
    expect(sent.messageId).toMatch(/^msg-/);
  });

  it("turns a recipient WeCom did not reach (invaliduser, errcode 0) into a fatal error", async () => {
    const error = await thrown(testAdapter({ apiUrl: fake.url }).send(dm("nobody"), plain("x"), { idempotencyKey: "k3" }));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: "fatal" });
    expect((error as DeliveryError).reason).toContain("nobody");
  });

  it("retries 45009 after the per-member window, and fails 60020 naming the IP to trust", async () => {
    const adapter = testAdapter({ apiUrl: fake.url });
    fake.failNext("message/send", 45009, "api freq out of limit");
    const limited = (await thrown(adapter.send(dm("zhangsan"), plain("x"), { idempotencyKey: "k4" }))) as DeliveryError;
    expect(limited).toMatchObject({ kind: "retry", retryAfterMs: 61_000 });
    fake.failNext("message/send", 60020);
    const untrusted = (await thrown(adapter.send(dm("zhangsan"), plain("x"), { idempotencyKey: "k5" }))) as DeliveryError;
    expect(untrusted.kind).toBe("fatal");
    expect(untrusted.reason).toContain("203.0.113.7");
    expect(untrusted.reason).toContain("企业可信IP");
  });

  it("creates an app group (2–2000 members), changes its members and posts markdown to it", async () => {
    const adapter = testAdapter({ apiUrl: fake.url });
    await expect(adapter.createGroup!({ tenantId: APP.corpId, name: "War room", ownerId: "zhangsan", memberIds: ["zhangsan"] })).rejects.toThrow(/2–2000/);
    const group = await adapter.createGroup!({ tenantId: APP.corpId, name: "Apollo 上线作战室", ownerId: "zhangsan", memberIds: ["lisi"] });
    expect(group.kind).toBe("group");
    expect(fake.chats.get(group.conversationId)).toEqual({ name: "Apollo 上线作战室", owner: "zhangsan", members: ["zhangsan", "lisi"] });
    await adapter.addMembers!(group, ["wangwu"]);
    expect(fake.chats.get(group.conversationId)?.members).toEqual(["zhangsan", "lisi", "wangwu"]);
    await adapter.send(group, plain("go-live in **3 days**"), { idempotencyKey: "k6" });
    const posted = fake.delivered.filter((d) => d.chatId === group.conversationId);
    expect(posted.map((d) => d.userId)).toEqual(["zhangsan", "lisi", "wangwu"]);
    expect(posted[0]?.msgtype).toBe("markdown");
  });

  it("looks users up by mobile and by email (corporate, then personal mailbox), null when unknown", async () => {
    const adapter = testAdapter({ apiUrl: fake.url });
    expect(await adapter.lookupUser!(APP.corpId, { mobile: "+86 13800000001" })).toBe("zhangsan");
    expect(await adapter.lookupUser!(APP.corpId, { email: "li.si@corp.example" })).toBe("lisi");
    expect(await adapter.lookupUser!(APP.corpId, { email: "wang.wu@gmail.example" })).toBe("wangwu");
    expect(await adapter.lookupUser!(APP.corpId, { mobile: "+86 13900000000", email: "nobody@corp.example" })).toBeNull();
  });
});
