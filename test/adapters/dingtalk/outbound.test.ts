import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readCardTrackId } from "../../../adapters/dingtalk/card-track.js";
import type { ChatAdapter, ConversationRef, ReplyHandle } from "../../../src/core/adapter.js";
import { DeliveryError } from "../../../src/core/delivery-error.js";
import { actions, button, plain, text } from "../../../src/core/message.js";
import { startFakeDingtalkApi, type FakeDingtalkApi } from "../../helpers/fake-dingtalk-api.js";
import { APP, testAdapter } from "./dingtalk-test-support.js";

// The adapter's outbound half against a fake DingTalk API: one token for many calls, robot group and 1:1 sends,
// the session webhook while it is valid, interactive cards created and updated in place, scene groups, member
// batches, mobile lookup, and the error classes the deliver job acts on.

const group: ConversationRef = { platform: "dingtalk", tenantId: APP.corpId, conversationId: APP.groupId, kind: "group" };
const direct: ConversationRef = { platform: "dingtalk", tenantId: APP.corpId, conversationId: "zhangsan01", kind: "direct" };
const withButtons = { title: "T-42", blocks: [text("T-42 is due"), actions(button("Done", "task done T-42", "primary"), button("Snooze", "task snooze T-42"))] };

async function sendError(adapter: ChatAdapter, to: ConversationRef, key: string): Promise<DeliveryError> {
  try {
    await adapter.send(to, plain("x"), { idempotencyKey: key });
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error("the send succeeded");
}

describe("DingTalk outbound", () => {
  let api: FakeDingtalkApi;
  let adapter: ChatAdapter;
  let cards: ChatAdapter;

  beforeAll(async () => {
    api = await startFakeDingtalkApi({ appKey: APP.clientId, appSecret: APP.clientSecret, robotCode: APP.clientId, usersByMobile: { "13800000001": "wangwu03" } });
    adapter = testAdapter({ apiUrl: api.url, oapiUrl: api.url, sceneGroupTemplateId: "tpl-group" });
    cards = testAdapter({ apiUrl: api.url, oapiUrl: api.url, cardTemplateId: "tpl-card.schema" });
  });
  afterAll(async () => {
    await api?.close();
  });
  beforeEach(() => {
    api.sends.length = 0;
  });

  it("sends group and 1:1 robot messages as sampleMarkdown, fetching the token once", async () => {
    const sentGroup = await adapter.send(group, plain("**Stand-up** at 09:30"), { idempotencyKey: "g1" });
    await adapter.send(direct, plain("你的任务 T-42 今天到期"), { idempotencyKey: "d1" });
    await adapter.send(direct, { ...withButtons }, { idempotencyKey: "d2" });
    expect(api.tokenFetches()).toBe(1);
    expect(api.sends.map((s) => [s.via, s.target])).toEqual([["group", APP.groupId], ["direct", "zhangsan01"], ["direct", "zhangsan01"]]);
    expect(api.sends[0]?.text).toContain("**Stand-up** at 09:30");
    expect(api.sends[2]?.text).toContain("task done T-42"); // no card template: a button is its typed command
    expect(sentGroup).toMatchObject({ platform: "dingtalk", conversation: group, extra: { via: "robot" } });
  });

  it("renews the token before it expires (inside the 5-minute margin), not after a refusal", async () => {
    const shortLived = await startFakeDingtalkApi({ appKey: APP.clientId, appSecret: APP.clientSecret, robotCode: APP.clientId, tokenTtlSeconds: 290 });
    try {
      const fresh = testAdapter({ apiUrl: shortLived.url, oapiUrl: shortLived.url });
      await fresh.send(group, plain("one"), { idempotencyKey: "ttl-1" });
      await fresh.send(group, plain("two"), { idempotencyKey: "ttl-2" });
      expect(shortLived.tokenFetches()).toBe(2);
      expect(shortLived.calls.filter((c) => c.path === "/v1.0/robot/groupMessages/send")).toHaveLength(2); // no refused call in between
    } finally {
      await shortLived.close();
    }
  });

  it("answers through the session webhook while it is valid, and through the robot API after it expired or elsewhere", async () => {
    const valid: ReplyHandle = { kind: "dingtalk_session", url: api.sessionUrl("s-valid"), expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() };
    await adapter.send(group, plain("quick answer"), { idempotencyKey: "r1", reply: valid });
    expect(api.sends.map((s) => [s.via, s.target, s.text.includes("quick answer")])).toEqual([["session", "s-valid", true]]);

    const expired: ReplyHandle = { ...valid, url: api.sessionUrl("s-expired"), expiresAt: new Date(Date.now() - 1000).toISOString() };
    await adapter.send(group, plain("late answer"), { idempotencyKey: "r2", reply: expired });
    const foreign: ReplyHandle = { ...valid, url: "http://127.0.0.1:1/robot/sendBySession?session=evil" };
    await adapter.send(group, plain("not followed"), { idempotencyKey: "r3", reply: foreign });
    expect(api.sends.slice(1).map((s) => [s.via, s.target])).toEqual([["group", APP.groupId], ["group", APP.groupId]]);
  });

  it("with a card template, sends buttons as an interactive card and updates it in place after a click", async () => {
    await cards.send(group, withButtons, { idempotencyKey: "card-1" });
    const card = api.cards.at(-1) ?? {};
    expect(card).toMatchObject({
      cardTemplateId: "tpl-card.schema",
      callbackType: "STREAM",
      openSpaceId: `dtv1.card//IM_GROUP.${APP.groupId}`,
      imGroupOpenDeliverModel: { robotCode: APP.clientId },
    });
    const params = (card.cardData as { cardParamMap: Record<string, string> }).cardParamMap;
    expect(JSON.parse(params.buttons ?? "[]")).toEqual([
      { text: "Done", command: "task done T-42", style: "primary" },
      { text: "Snooze", command: "task snooze T-42", style: "default" },
    ]);
    const outTrackId = String(card.outTrackId);
    expect(readCardTrackId(outTrackId)).toEqual({ kind: "group", conversationId: APP.groupId });

    const click: ReplyHandle = { kind: "dingtalk_card", token: outTrackId };
    const updated = await cards.send(group, plain("✓ T-42 snoozed"), { idempotencyKey: "reply-1", reply: click });
    expect(updated).toMatchObject({ messageId: outTrackId, extra: { via: "card" } });
    expect(api.cardUpdates.at(-1)).toMatchObject({ outTrackId, cardUpdateOptions: { updateCardDataByKey: true } });
    expect(api.sends).toHaveLength(0);

    await cards.send(direct, withButtons, { idempotencyKey: "card-2" });
    expect(api.cards.at(-1)).toMatchObject({ openSpaceId: "dtv1.card//IM_ROBOT.zhangsan01", imRobotOpenDeliverModel: { spaceType: "IM_ROBOT", robotCode: APP.clientId } });
    const unknown: ReplyHandle = { kind: "dingtalk_card", token: "rbgUnknownCardxxxxx" };
    await cards.send(group, plain("card gone"), { idempotencyKey: "reply-2", reply: unknown });
    expect(api.sends.map((s) => s.via)).toEqual(["group"]); // the refused update falls back to a new message
  });

  it("creates a scene group from the template, adds members in batches of 100, looks people up by mobile", async () => {
    const members = Array.from({ length: 250 }, (_, i) => `u${i}`);
    const created = await adapter.createGroup!({ tenantId: APP.corpId, name: "Go-live war room 上线作战室 2026-12-01 Apollo", ownerId: "lisi02", memberIds: ["zhangsan01"] });
    expect(created.kind).toBe("group");
    expect(api.groups.get(created.conversationId)).toMatchObject({ owner: "lisi02", members: ["lisi02", "zhangsan01"], templateId: "tpl-group" });
    expect([...(api.groups.get(created.conversationId)?.title ?? "")].length).toBeLessThanOrEqual(30);
    await adapter.addMembers!(created, members);
    expect(api.memberBatches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(await adapter.lookupUser!(APP.corpId, { mobile: "13800000001" })).toBe("wangwu03");
    expect(await adapter.lookupUser!(APP.corpId, { mobile: "13900000000" })).toBeNull();
    expect(await adapter.lookupUser!(APP.corpId, { email: "wang.wu@apollo.example" })).toBeNull();
  });

  it("90018 / QpsLimit* → retry after at least 1 s; the next attempt sends once", async () => {
    api.failNext("/v1.0/robot/groupMessages/send", { status: 403, body: { code: "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", message: "qps limit" } });
    const error = await sendError(adapter, group, "qps-1");
    expect(error.kind).toBe("retry");
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(1000);
    await adapter.send(group, plain("after the limit"), { idempotencyKey: "qps-1" });
    expect(api.sends.filter((s) => s.text.includes("after the limit"))).toHaveLength(1);

    api.failNext("/topapi/v2/user/getbymobile", { status: 200, body: { errcode: 90018, errmsg: "qps" } });
    await expect(adapter.lookupUser!(APP.corpId, { mobile: "13800000001" })).rejects.toMatchObject({ kind: "retry", retryAfterMs: 1000 });
  });

  it("90020 / ApiCountLimitForOrg → fatal, saying the monthly quota is used up", async () => {
    const calls = api.callsTo("/v1.0/robot/oToMessages/batchSend");
    api.failNext("/v1.0/robot/oToMessages/batchSend", { status: 403, body: { code: "Forbidden.AccessDenied.ApiCountLimitForOrg", message: "org api count limit" } });
    const error = await sendError(adapter, direct, "quota-1");
    expect([error.kind, error.reason]).toEqual(["fatal", expect.stringContaining("monthly API quota used up")]);
    expect(api.callsTo("/v1.0/robot/oToMessages/batchSend")).toBe(calls + 1);
    api.failNext("/topapi/im/chat/scenegroup/member/add", { status: 200, body: { errcode: 90020, errmsg: "quota" } });
    await expect(adapter.addMembers!(group, ["u1"])).rejects.toMatchObject({ kind: "fatal" });
  });

  it("refreshes a refused token once and carries on; refused twice or bad credentials → fatal", async () => {
    const before = api.tokenFetches();
    api.revokeTokens();
    await adapter.send(group, plain("after revoke"), { idempotencyKey: "tok-1" });
    expect(api.tokenFetches()).toBe(before + 1);
    api.revokeTokens();
    expect(await adapter.lookupUser!(APP.corpId, { mobile: "13800000001" })).toBe("wangwu03"); // old API: errcode 40014
    expect(api.tokenFetches()).toBe(before + 2);

    api.failNext("/v1.0/robot/groupMessages/send", { status: 401, body: { code: "InvalidAuthentication", message: "bad token" } }, 2);
    expect((await sendError(adapter, group, "tok-2")).kind).toBe("fatal");
    const wrong = testAdapter({ apiUrl: api.url, oapiUrl: api.url, clientSecret: "not the secret" });
    const error = await sendError(wrong, group, "tok-3");
    expect([error.kind, error.reason]).toEqual(["fatal", expect.stringContaining("DINGTALK_CLIENT_SECRET")]);
  });

  it("5xx, system busy and unreachable hosts → retry; other 4xx → fatal", async () => {
    api.failNext("/v1.0/robot/groupMessages/send", { status: 500, body: { code: "system.error", message: "try again" } });
    expect((await sendError(adapter, group, "e1")).kind).toBe("retry");
    api.failNext("/v1.0/robot/groupMessages/send", { status: 400, body: { code: "invalidParameter.openConversationId", message: "bad group" } });
    expect((await sendError(adapter, group, "e2")).kind).toBe("fatal");
    api.failNext("/v1.0/robot/groupMessages/send", { status: 200, body: { status: 1111, wait: 5, punish: "deny" } });
    expect(await sendError(adapter, group, "e3")).toMatchObject({ kind: "retry", retryAfterMs: 5 * 60_000 });
    const offline = testAdapter({ apiUrl: "http://127.0.0.1:1", oapiUrl: "http://127.0.0.1:1" });
    expect((await sendError(offline, group, "e4")).kind).toBe("retry");
  });
});
