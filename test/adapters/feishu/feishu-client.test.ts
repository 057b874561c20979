import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feishuCardReply } from "../../../adapters/feishu/card-reply.js";
import { classifyFeishuFailure, createFeishuClient, feishuBaseUrl } from "../../../adapters/feishu/client.js";
import { createFeishuAdapter, type FeishuAdapter } from "../../../adapters/feishu/index.js";
import { feishuUuid } from "../../../adapters/feishu/outbound.js";
import type { ConversationRef } from "../../../src/core/adapter.js";
import { DeliveryError } from "../../../src/core/delivery-error.js";
import { plain } from "../../../src/core/message.js";
import { createLogger } from "../../../src/logger.js";
import { FAKE_APP_ID, startFakeFeishuApi, type FakeFeishuApi } from "../../helpers/fake-feishu-api.js";

const TOKEN_PATH = "/auth/v3/tenant_access_token/internal";

describe("Feishu Open API client", () => {
  let api: FakeFeishuApi;
  let adapter: FeishuAdapter;
  const group: ConversationRef = { platform: "feishu", tenantId: "t1", conversationId: "oc_group", kind: "group" };

  beforeAll(async () => {
    api = await startFakeFeishuApi();
    adapter = createFeishuAdapter({ appId: FAKE_APP_ID, appSecret: "secret_test", verificationToken: "v", mode: "http", domain: api.baseUrl, logger: createLogger("silent") });
  });
  afterAll(async () => {
    await api.close();
  });

  it("maps FEISHU_DOMAIN to a base URL", () => {
    expect(feishuBaseUrl("feishu")).toBe("https://open.feishu.cn");
    expect(feishuBaseUrl("lark")).toBe("https://open.larksuite.com");
    expect(feishuBaseUrl("http://127.0.0.1:8080/")).toBe("http://127.0.0.1:8080");
    expect(() => feishuBaseUrl("open.feishu.cn")).toThrow(/FEISHU_DOMAIN/);
  });

  it("caches the tenant token and fetches a new one before it expires", async () => {
    let now = 1_000_000;
    const client = createFeishuClient({ baseUrl: api.baseUrl, appId: FAKE_APP_ID, appSecret: "secret_test", now: () => now });
    const before = api.callsTo("POST", TOKEN_PATH).length;
    await client.request("GET", "/bot/v3/info");
    await client.request("GET", "/bot/v3/info");
    now += 7200_000 - 11 * 60_000;
    await client.request("GET", "/bot/v3/info");
    expect(api.callsTo("POST", TOKEN_PATH).length - before).toBe(1);
    now += 2 * 60_000;
    await client.request("GET", "/bot/v3/info");
    expect(api.callsTo("POST", TOKEN_PATH).length - before).toBe(2);
    const used = api.callsTo("GET", "/bot/v3/info").slice(-4).map((c) => c.token);
    expect(used[0]).toBe(used[2]);
    expect(used[3]).not.toBe(used[2]);
  });

  it("fetches a new token once when the old one is refused", async () => {
    const client = createFeishuClient({ baseUrl: api.baseUrl, appId: FAKE_APP_ID, appSecret: "secret_test" });
    await client.request("GET", "/bot/v3/info");
    const before = api.callsTo("POST", TOKEN_PATH).length;
    api.fail("GET", "/bot/v3/info", { status: 400, code: 99991663, msg: "Invalid access token for authorization." });
    await client.request("GET", "/bot/v3/info");
    expect(api.callsTo("POST", TOKEN_PATH).length - before).toBe(1);
  });

  it("refuses wrong app credentials as fatal", async () => {
    const client = createFeishuClient({ baseUrl: api.baseUrl, appId: FAKE_APP_ID, appSecret: "wrong" });
    await expect(client.request("GET", "/bot/v3/info")).rejects.toMatchObject({ kind: "fatal", reason: expect.stringContaining("10014") });
  });

  it("classifies failures: rate limits wait per x-ogw-ratelimit-reset, the quota and validation are fatal, 5xx and network retry", async () => {
    expect(classifyFeishuFailure({ path: "/x", status: 429, code: 99991400, resetSeconds: "3" })).toMatchObject({ kind: "retry", retryAfterMs: 3000 });
    expect(classifyFeishuFailure({ path: "/x", status: 400, code: 230020, resetSeconds: null })).toMatchObject({ kind: "retry", retryAfterMs: 1000 });
    expect(classifyFeishuFailure({ path: "/x", status: 429, code: 99991403, msg: "quota" })).toMatchObject({ kind: "fatal", reason: expect.stringContaining("monthly API quota used up") });
    expect(classifyFeishuFailure({ path: "/x", status: 400, code: 230002, msg: "bot not in chat" })).toMatchObject({ kind: "fatal", reason: "feishu /x: code 230002 bot not in chat" });
    expect(classifyFeishuFailure({ path: "/x", status: 503 })).toMatchObject({ kind: "retry" });
    const offline = createFeishuClient({ baseUrl: "http://127.0.0.1:1", appId: "a", appSecret: "b" });
    const error = await offline.request("GET", "/bot/v3/info").catch((e: unknown) => e);
    expect(error instanceof DeliveryError && error.kind).toBe("retry");
  });

  it("creates a group with the first 50 people (one call), and addMembers adds the rest in batches of 50", async () => {
    const members = Array.from({ length: 120 }, (_, i) => `ou_m${i}`);
    const ref = await adapter.createGroup!({ tenantId: "t1", name: "Go-live war room 上线作战室", topic: "cut-over", ownerId: "ou_owner", memberIds: [...members, "ou_owner"], idempotencyKey: "golive:1" });
    const [create] = api.callsTo("POST", "/im/v1/chats");
    expect(create?.query).toEqual({ user_id_type: "open_id", set_bot_manager: "true", uuid: feishuUuid("group:golive:1") });
    expect(create?.body).toMatchObject({ name: "Go-live war room 上线作战室", description: "cut-over", owner_id: "ou_owner", chat_mode: "group" });
    expect((create?.body.user_id_list as string[]).length).toBe(50);
    expect(api.callsTo("POST", `/im/v1/chats/${ref.conversationId}/members`)).toHaveLength(0);
    expect(ref).toEqual({ platform: "feishu", tenantId: "t1", conversationId: ref.conversationId, kind: "group" });
    await adapter.addMembers!(ref, ["ou_owner", ...members, "ou_m0"]);
    const batches = api.callsTo("POST", `/im/v1/chats/${ref.conversationId}/members`).map((c) => c.body.id_list as string[]);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 21]);
    expect(new Set(api.chats.get(ref.conversationId)?.members)).toEqual(new Set(["ou_owner", ...members]));
    const again = await adapter.createGroup!({ tenantId: "t1", name: "Go-live war room 上线作战室", ownerId: "ou_owner", memberIds: [], idempotencyKey: "golive:1", mayExist: true });
    expect(again.conversationId).toBe(ref.conversationId); // the same uuid and owner: the same chat
  });

  it("looks people up by email or mobile", async () => {
    api.users.set("wang.fang@apollo.example", "ou_wangfang");
    api.users.set("+8613800000000", "ou_mobile");
    expect(await adapter.lookupUser!("t1", { email: "wang.fang@apollo.example" })).toBe("ou_wangfang");
    expect(await adapter.lookupUser!("t1", { mobile: "+8613800000000" })).toBe("ou_mobile");
    expect(await adapter.lookupUser!("t1", { email: "nobody@apollo.example" })).toBeNull();
    expect(api.callsTo("POST", "/contact/v3/users/batch_get_id").at(-1)?.query).toEqual({ user_id_type: "open_id" });
  });

  it("sends DMs by open_id, to groups by chat_id, in threads as replies, and edits by PATCH", async () => {
    const dm = await adapter.openDirect("t1", "ou_dm");
    const sent = await adapter.send(dm, { blocks: [{ type: "actions", buttons: [{ label: "Done", command: "task done T-1" }] }] }, { idempotencyKey: "k-dm" });
    const dmCall = api.callsTo("POST", "/im/v1/messages").at(-1);
    expect(dmCall?.query.receive_id_type).toBe("open_id");
    expect(dmCall?.body).toMatchObject({ receive_id: "ou_dm", uuid: feishuUuid("k-dm") });
    expect(String(dmCall?.body.content)).toContain('"chat":"p2p"');
    await adapter.send(group, plain("hello"), { idempotencyKey: "k-group" });
    expect(api.callsTo("POST", "/im/v1/messages").at(-1)?.query.receive_id_type).toBe("chat_id");
    expect(String(api.callsTo("POST", "/im/v1/messages").at(-1)?.body.content)).not.toContain("p2p");
    await adapter.send({ ...group, threadId: "om_root" }, plain("in thread"), { idempotencyKey: "k-thread" });
    expect(api.callsTo("POST", "/im/v1/messages/om_root/reply").at(-1)?.body).toMatchObject({ reply_in_thread: true, uuid: feishuUuid("k-thread") });
    await adapter.edit!(sent, plain("edited ✓"));
    expect(String(api.callsTo("PATCH", `/im/v1/messages/${sent.messageId}`).at(-1)?.body.content)).toContain("edited ✓");
    expect(api.messages.get(sent.messageId)?.content).toContain("edited ✓");
  });

  it("answers a click by updating the card; a later part, or a card that is gone, is posted instead", async () => {
    const card = await adapter.send(group, plain("task card"), { idempotencyKey: "k-card" });
    const reply = feishuCardReply(card.messageId, "ou_clicker");
    const answered = await adapter.send(group, plain("done"), { idempotencyKey: "reply:x", reply });
    expect(answered.messageId).toBe(card.messageId);
    const creates = api.callsTo("POST", "/im/v1/messages").length;
    await adapter.send(group, plain("part two"), { idempotencyKey: "reply:x#1", reply, part: { index: 1, count: 2 } });
    expect(api.callsTo("POST", "/im/v1/messages").length).toBe(creates + 1);
    const gone = await adapter.send(group, plain("done"), { idempotencyKey: "reply:y", reply: feishuCardReply("om_deleted", "ou_clicker") });
    expect(gone.messageId).not.toBe("om_deleted");
    expect(api.callsTo("PATCH", "/im/v1/messages/om_deleted").map((c) => c.code)).toEqual([230001]);
  });

  it("does not post instead when the card update hit the monthly quota", async () => {
    const card = await adapter.send(group, plain("task card"), { idempotencyKey: "k-card-2" });
    api.fail("PATCH", `/im/v1/messages/${card.messageId}`, { status: 429, code: 99991403, msg: "quota" });
    const creates = api.callsTo("POST", "/im/v1/messages").length;
    await expect(adapter.send(group, plain("done"), { idempotencyKey: "reply:z", reply: feishuCardReply(card.messageId, "ou_c") })).rejects.toMatchObject({ kind: "fatal" });
    expect(api.callsTo("POST", "/im/v1/messages").length).toBe(creates);
  });
});
