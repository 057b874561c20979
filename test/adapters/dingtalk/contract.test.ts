import { describe, expect, it } from "vitest";
import { cardTrackId, readCardTrackId } from "../../../adapters/dingtalk/card-track.js";
import { readCardCallback, readRobotMessage, readStreamFrame, streamFrameToEvent, type DingtalkInboundContext } from "../../../adapters/dingtalk/inbound.js";
import { renderDingtalkCardData, renderDingtalkMarkdown } from "../../../adapters/dingtalk/render.js";
import { parseStreamFrame } from "../../../adapters/dingtalk/stream.js";
import type { ConversationRef } from "../../../src/core/adapter.js";
import { plain } from "../../../src/core/message.js";
import { createPlatformAdapters } from "../../../src/platforms.js";
import { renderFor } from "../../../src/render-preview.js";
import { testConfig } from "../../helpers/services.js";
import { runAdapterContract, type ContractFixture } from "../contract.js";
import { APP, dataOf, frameFixture, silent, testAdapter } from "./dingtalk-test-support.js";

const receivedAt = "2026-11-30T01:00:00.000Z";
const ctx: DingtalkInboundContext = { robotCode: APP.clientId, corpId: APP.corpId, receivedAt };
const decode = (name: string) => streamFrameToEvent(frameFixture(name), ctx);
const tenant = { tenantId: APP.corpId };

const fixtures: ContractFixture[] = [
  {
    name: "a 1:1 robot text message (curly quotes kept for the parser)",
    decode: () => decode("robot-1to1-text"),
    expected: { kind: "message", text: "standup skip “请假”", mentionsBot: false, conversationKind: "direct", userId: "zhangsan01", ...tenant, dedupeKey: "msg:msgB2kQ7Yf3rT0pXyZ1aVbCdE==" },
  },
  {
    name: "a group text that @s the robot (isInAtList), trimmed",
    decode: () => decode("robot-group-at-text"),
    expected: { kind: "message", text: "member add wangwu03 --role key_user", mentionsBot: true, conversationKind: "group", userId: "lisi02", ...tenant, dedupeKey: "msg:msgG7hJ2kL9mN4pQ6rS8tUvWxY==" },
  },
  {
    name: "a group text that @s someone else: delivered, not addressed to the bot",
    decode: () => decode("robot-group-not-at"),
    expected: { kind: "message", text: "2", mentionsBot: false, conversationKind: "group", userId: "lisi02", ...tenant },
  },
  {
    name: "a file sent to the robot in a 1:1 chat (documented shape): no text, one attachment with its download code",
    decode: () => decode("robot-1to1-file"),
    expected: {
      kind: "message",
      text: "",
      mentionsBot: false,
      conversationKind: "direct",
      userId: "zhangsan01",
      ...tenant,
      dedupeKey: "msg:msgF4nW8qZ2tR6yU1iO3pAsDfG==",
      attachments: [{ name: "raci-apollo.csv", ref: { downloadCode: "LJYYq8GmNuWvQ0Hc3k1pXeT7rZ5aBfDs9oLiUyR2wE4nMhKjVgCxPtSbIdAlFz6Y+bw==", robotCode: APP.clientId } }],
    },
  },
  {
    name: "a card callback: the clicked button's command line",
    decode: () => decode("card-callback"),
    expected: { kind: "command", commandLine: "task snooze T-42 --days 1", source: "button", userId: "lisi02", ...tenant, dedupeKey: "card:c0a8010a-17644644-0005" },
  },
  {
    name: "a group text quoting the robot's message without @: delivered, naming the quoted message and its text",
    decode: () => decode("robot-group-quote"),
    expected: {
      kind: "message",
      text: "这个提醒的日期不对",
      mentionsBot: false,
      conversationKind: "group",
      userId: "lisi02",
      ...tenant,
      dedupeKey: "msg:msgQu0teR3plyAbCdEfGh12345==",
      replyTo: { messageId: "msgB0tS3ntAbCdEfGh1234567==", text: "任务 T-42 明天到期" },
    },
  },
  {
    name: "a chat_add_member EVENT frame: the people added, the operator as actor",
    decode: () => decode("event-chat-add-member"),
    expected: { kind: "members_joined", userIds: ["wangwu03", "zhaoliu04"], conversationId: "cidkP3KgFa4Q0b3Lt3zw5ZJjA==", userId: "lisi02", ...tenant, dedupeKey: "event:7b1c4d3e0f9a4b2c8d7e6f5a4b3c2d1e" },
  },
  { name: "an EVENT frame (chat title changed) is not a command", decode: () => decode("event-chat-update-title"), expected: null },
];

runAdapterContract(() => ({
  platform: "dingtalk",
  adapter: testAdapter({ cardTemplateId: "tpl-card.schema", sceneGroupTemplateId: "tpl-group" }),
  renderers: [renderDingtalkMarkdown, renderDingtalkCardData],
  fixtures,
  ownMessage: () => decode("robot-own-message"),
  click: { command: "task snooze T-42 --days 1", decode: () => decode("card-callback") },
}));

describe("DingTalk inbound details", () => {
  it("carries the session webhook and its expiry as the reply handle; a click carries its card", () => {
    const message = decode("robot-1to1-text");
    expect(message?.reply).toEqual({ kind: "dingtalk_session", url: "https://oapi.dingtalk.com/robot/sendBySession?session=c2Vzc2lvbi0xMjM0NQ", expiresAt: new Date(1764469800123).toISOString() });
    const click = decode("card-callback");
    expect(click?.conversation).toEqual({ platform: "dingtalk", tenantId: APP.corpId, conversationId: APP.groupId, kind: "group" });
    expect(click?.reply).toEqual({ kind: "dingtalk_card", token: JSON.parse(frameFixture("card-callback").data).outTrackId });
  });

  it("refuses another robot's or another corp's body, and malformed ones", () => {
    expect(readRobotMessage(dataOf("robot-1to1-text", { robotCode: "dingotherrobot000000" }), ctx)).toEqual({ ok: false, reason: "robot_code" });
    expect(readRobotMessage(dataOf("robot-1to1-text", { robotCode: undefined }), ctx)).toEqual({ ok: false, reason: "robot_code" });
    expect(readRobotMessage(dataOf("robot-1to1-text", { chatbotCorpId: "dingothercorp0000000" }), ctx)).toEqual({ ok: false, reason: "corp" });
    expect(readRobotMessage(dataOf("robot-1to1-text", { msgId: "" }), ctx)).toEqual({ ok: false, reason: "malformed" });
    expect(readRobotMessage("not json", ctx)).toEqual({ ok: false, reason: "malformed" });
    expect(readCardCallback(dataOf("card-callback", { corpId: "dingothercorp0000000" }), "m1", ctx)).toEqual({ ok: false, reason: "corp" });
    // Without DINGTALK_CORP_ID any corp decodes (the dispatcher then refuses unknown tenants).
    expect(readRobotMessage(dataOf("robot-1to1-text", { chatbotCorpId: "dingothercorp0000000" }), { ...ctx, corpId: undefined }).ok).toBe(true);
  });

  it("ignores pictures, voice and video, external senders, and cards that are not ours", () => {
    expect(readRobotMessage(dataOf("robot-1to1-text", { msgtype: "picture", text: undefined, content: { downloadCode: "x" } }), ctx)).toEqual({ ok: true, event: null });
    expect(readRobotMessage(dataOf("robot-1to1-text", { msgtype: "audio", text: undefined, content: { downloadCode: "x", recognition: "task done T-7" } }), ctx)).toEqual({ ok: true, event: null });
    expect(readRobotMessage(dataOf("robot-1to1-text", { senderStaffId: undefined }), ctx)).toEqual({ ok: true, event: null });
    // The robot's own message is recognised by its sender id alone, even if a staff id came along.
    expect(readRobotMessage(dataOf("robot-own-message", { senderStaffId: "robot01" }), ctx)).toEqual({ ok: true, event: null });
    expect(readCardCallback(dataOf("card-callback", { outTrackId: "someone-elses-card" }), "m2", ctx)).toEqual({ ok: true, event: null });
    const noCommand = JSON.stringify({ cardPrivateData: { actionIds: ["x"], params: {} } });
    expect(readCardCallback(dataOf("card-callback", { content: noCommand }), "m3", ctx)).toEqual({ ok: true, event: null });
  });

  it("keeps only what the download needs in a file's ref, and ignores a file message without a download code", () => {
    const file = decode("robot-1to1-file");
    expect(file?.attachments).toEqual([{ name: "raci-apollo.csv", ref: { downloadCode: "LJYYq8GmNuWvQ0Hc3k1pXeT7rZ5aBfDs9oLiUyR2wE4nMhKjVgCxPtSbIdAlFz6Y+bw==", robotCode: APP.clientId } }]);
    expect(file?.reply?.kind).toBe("dingtalk_session");
    expect(readRobotMessage(dataOf("robot-1to1-file", { content: { fileName: "raci.csv", spaceId: "1", fileId: "2" } }), ctx)).toEqual({ ok: true, event: null });
    const unnamed = readRobotMessage(dataOf("robot-1to1-file", { content: { downloadCode: "code-1" } }), ctx);
    expect(unnamed.ok && unnamed.event?.attachments?.[0]?.name).toBe("file");
    // A text message carries no attachments at all.
    expect(decode("robot-1to1-text")?.attachments).toBeUndefined();
  });

  it("reads rich text, and @mentions from atUsers when isInAtList is absent", () => {
    const rich = readRobotMessage(dataOf("robot-1to1-text", { msgtype: "richText", text: undefined, content: { richText: [{ text: "task done" }, { downloadCode: "x" }, { text: "T-7" }] } }), ctx);
    expect(rich.ok && rich.event?.kind === "message" && rich.event.text).toBe("task done T-7");
    const viaAtUsers = readRobotMessage(dataOf("robot-group-not-at", { isInAtList: undefined, atUsers: [{ dingtalkId: dataOf("robot-group-not-at").chatbotUserId }] }), ctx);
    expect(viaAtUsers.ok && viaAtUsers.event?.kind === "message" && viaAtUsers.event.mentionsBot).toBe(true);
  });

  it("a card's outTrackId says where it lives; a click on a 1:1 card answers the person who clicked", () => {
    const group: ConversationRef = { platform: "dingtalk", tenantId: APP.corpId, conversationId: APP.groupId, kind: "group" };
    const direct: ConversationRef = { ...group, conversationId: "zhangsan01", kind: "direct" };
    expect(cardTrackId(group, "k1")).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(readCardTrackId(cardTrackId(group, "k1"))).toEqual({ kind: "group", conversationId: APP.groupId });
    expect(readCardTrackId(cardTrackId(direct, "k1"))).toEqual({ kind: "direct" });
    expect(cardTrackId(group, "k1")).toBe(cardTrackId(group, "k1"));
    expect(cardTrackId(group, "k1")).not.toBe(cardTrackId(group, "k2"));
    const click = readCardCallback(dataOf("card-callback", { outTrackId: cardTrackId(direct, "k9"), userId: "zhangsan01" }), "m4", ctx);
    expect(click.ok && click.event?.conversation).toEqual(direct);
  });

  it("parses only real frames, and decodes SYSTEM frames to nothing", () => {
    expect(parseStreamFrame("{}")).toBeNull();
    expect(parseStreamFrame("not json")).toBeNull();
    const ping = parseStreamFrame(JSON.stringify({ type: "SYSTEM", headers: { topic: "ping", messageId: "p1" }, data: "{}" }));
    expect(ping && readStreamFrame(ping, ctx)).toEqual({ ok: true, event: null });
  });
});

describe("DingTalk capabilities follow the configuration", () => {
  it("no card template: no buttons (numbered replies), no edit; no scene-group template: no createGroup", () => {
    const plain = testAdapter();
    expect(plain.capabilities.buttons).toBe(false);
    expect(plain.edit).toBeUndefined();
    expect(plain.createGroup).toBeUndefined();
    expect(plain.capabilities.createGroup).toBe(false);
    const cards = testAdapter({ cardTemplateId: "tpl" });
    expect(cards.capabilities.buttons).not.toBe(false);
    expect(typeof cards.edit).toBe("function");
    // Card clicks arrive over Stream only: HTTP mode keeps numbered replies even with a template.
    expect(testAdapter({ cardTemplateId: "tpl", mode: "http" }).capabilities.buttons).toBe(false);
  });
});

describe("DingTalk wiring in src/platforms.ts", () => {
  const base = { DINGTALK_CLIENT_ID: APP.clientId, DINGTALK_CLIENT_SECRET: APP.clientSecret };

  it("creates the adapter when client id and secret are set, with the configured templates and tenant", async () => {
    const [dingtalk] = createPlatformAdapters(testConfig({ ...base, DINGTALK_CORP_ID: APP.corpId, DINGTALK_CARD_TEMPLATE_ID: "tpl", DINGTALK_SCENE_GROUP_TEMPLATE_ID: "grp" }), silent);
    expect(dingtalk?.platform).toBe("dingtalk");
    expect(dingtalk?.capabilities.buttons).not.toBe(false);
    expect(dingtalk?.capabilities.createGroup).toBe(true);
    expect(await dingtalk?.knownTenants?.()).toEqual([{ externalId: APP.corpId, name: `DingTalk ${APP.corpId}` }]);
    expect(createPlatformAdapters(testConfig({}), silent).filter((a) => a.platform === "dingtalk")).toHaveLength(0);
  });

  it("the console's :render no longer calls DingTalk renderer-only", () => {
    expect(renderFor("dingtalk", plain("hi"))).not.toContain("renderer only");
  });

  it("refuses a partial configuration and bad values, naming the variable", () => {
    expect(() => createPlatformAdapters(testConfig({ DINGTALK_CLIENT_ID: APP.clientId }), silent)).toThrow(/DINGTALK_CLIENT_SECRET/);
    expect(() => createPlatformAdapters(testConfig({ ...base, DINGTALK_EVENT_TOKEN: "t" }), silent)).toThrow(/DINGTALK_EVENT_AES_KEY/);
    expect(() => testConfig({ DINGTALK_MODE: "webhook" })).toThrow(/DINGTALK_MODE/);
  });
});
