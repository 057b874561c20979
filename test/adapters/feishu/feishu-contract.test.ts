import { describe, expect, it } from "vitest";
import { feishuCardReply, outcomeCard } from "../../../adapters/feishu/card-reply.js";
import { createFeishuAdapter } from "../../../adapters/feishu/index.js";
import { decodeFeishuEvent } from "../../../adapters/feishu/inbound.js";
import { renderFeishu, renderFeishuCard, renderFeishuText } from "../../../adapters/feishu/render.js";
import type { InboundEvent } from "../../../src/core/adapter.js";
import { form, plain } from "../../../src/core/message.js";
import { createLogger } from "../../../src/logger.js";
import { runAdapterContract, type ContractFixture } from "../contract.js";
import { FAKE_APP_ID } from "../../helpers/fake-feishu-api.js";
import { feishuFixture, FIXTURE_BOT_OPEN_ID, FIXTURE_TENANT, FIXTURE_TOKEN, FIXTURE_USER_OPEN_ID, textMessage, withEvent } from "../../helpers/feishu-requests.js";

const receivedAt = "2026-11-30T01:00:00.000Z";
const decode = (name: string, botOpenId: string | undefined = FIXTURE_BOT_OPEN_ID): InboundEvent | null =>
  decodeFeishuEvent(feishuFixture(name), { receivedAt, ...(botOpenId ? { botOpenId } : {}) });
const user = { userId: FIXTURE_USER_OPEN_ID, tenantId: FIXTURE_TENANT };

const fixtures: ContractFixture[] = [
  {
    name: "im.message.receive_v1 in a p2p chat (curly quotes kept for the parser)",
    decode: () => decode("message-p2p"),
    expected: { kind: "message", text: "standup skip “on leave”", mentionsBot: false, conversationKind: "direct", ...user, dedupeKey: "om_5ce6d572455d361153b7cb51da133945" },
  },
  {
    name: "im.message.receive_v1 in a group, @bot: its placeholder stripped, another person's kept as @open_id",
    decode: () => decode("message-group-mention"),
    expected: {
      kind: "message",
      text: "member add @ou_zhangsan00000000000000000000000 --role key_user",
      mentionsBot: true,
      conversationKind: "group",
      ...user,
      dedupeKey: "om_dc13264520392913993dd051dba21dcf",
    },
  },
  {
    name: "a group message without @bot still arrives (a numbered reply needs no mention)",
    decode: () => decode("message-group-plain"),
    expected: { kind: "message", text: "2", mentionsBot: false, conversationKind: "group", userId: "ou_lisi000000000000000000000000000", tenantId: FIXTURE_TENANT },
  },
  {
    name: "im.message.receive_v1 with a file in a p2p chat: no text, the file's message_id and file_key kept for the download",
    decode: () => decode("message-p2p-file"),
    expected: {
      kind: "message",
      text: "",
      mentionsBot: false,
      conversationKind: "direct",
      ...user,
      dedupeKey: "om_x100b4e7a9c3d2f1e0b8a7c6d5e4f3a2b",
      attachments: [{ name: "raci.csv", ref: { messageId: "om_x100b4e7a9c3d2f1e0b8a7c6d5e4f3a2b", fileKey: "file_v3_00a1_7d3c5e2b-1f0a-4c8e-9b6d-2a4f8c1e3d5g" } }],
    },
  },
  {
    name: "card.action.trigger: the button's value is the command line",
    decode: () => decode("card-action-button"),
    expected: { kind: "command", commandLine: "task snooze T-42 --days 1", source: "button", ...user, dedupeKey: "f7984f25108f8137722bb63cee927e66" },
  },
  {
    name: "card.action.trigger from a form: the inputs become flags, in the form's field order",
    decode: () => decode("card-action-form"),
    expected: { kind: "command", commandLine: 'standup --yesterday “数据迁移脚本” --today “UAT "回归" 测试” --date “2026-12-01”', source: "form", ...user },
  },
  {
    name: "application.bot.menu_v6 with event_key command:<line>",
    decode: () => decode("bot-menu"),
    expected: { kind: "command", commandLine: "standup skip", source: "menu", ...user, dedupeKey: "8e0a3f1c2b4d5e6f7a8b9c0d1e2f3a4b" },
  },
  {
    name: "a reply in a group without @bot: forwarded, naming the message replied to (parent_id)",
    decode: () => decode("message-group-reply"),
    expected: {
      kind: "message",
      text: "这个线索导入的结果不对",
      mentionsBot: false,
      conversationKind: "group",
      ...user,
      dedupeKey: "om_5ce6d572455d361153b7cb5xxfsdfsdfdsf",
      replyTo: { messageId: "om_5ce6d572455d361153b7cb5xxfsdfsdfdsf0" },
    },
  },
  {
    name: "im.message.reaction.created_v1: the chat is not named",
    decode: () => decode("reaction-created"),
    expected: { kind: "reaction", messageId: "om_dc13264520392913993dd051dba21dcf", emoji: "+1", rawEmoji: "THUMBSUP", added: true, conversationId: "", ...user, dedupeKey: "5e3702a84e847582be8db7fb73283c03" },
  },
  {
    name: "im.message.reaction.deleted_v1",
    decode: () => decode("reaction-deleted"),
    expected: { kind: "reaction", messageId: "om_dc13264520392913993dd051dba21dcf", emoji: "smile", rawEmoji: "SMILE", added: false, conversationId: "", ...user },
  },
  { name: "a reaction the app itself put on (operator_type app)", decode: () => decode("reaction-by-app"), expected: null },
  {
    name: "im.chat.member.user.added_v1: who joined, and who added them",
    decode: () => decode("chat-member-user-added"),
    expected: {
      kind: "members_joined",
      userIds: ["ou_zhangsan00000000000000000000000", "ou_lisi000000000000000000000000000"],
      conversationId: "oc_a0553eda9014c201e6969b478895c230",
      ...user,
      dedupeKey: "5e3702a84e847582be8db7fb73283c06",
    },
  },
  { name: "url_verification is not an event", decode: () => decode("url-verification"), expected: null },
  { name: "a menu key that is not command:<line>", decode: () => decodeFeishuEvent(withEvent(feishuFixture("bot-menu"), { event_key: "open_docs" }), { receivedAt }), expected: null },
];

runAdapterContract(() => ({
  platform: "feishu",
  adapter: createFeishuAdapter({ appId: FAKE_APP_ID, appSecret: "secret_test", encryptKey: "k", mode: "http", domain: "http://127.0.0.1:9", logger: createLogger("silent") }),
  renderers: [renderFeishu, renderFeishuText, (m) => outcomeCard(m, feishuCardReply("om_1", FIXTURE_USER_OPEN_ID))],
  fixtures,
  ownMessage: () => decode("message-own"),
  click: { command: "task snooze T-42 --days 1", decode: () => decode("card-action-button") },
}));

describe("Feishu inbound details", () => {
  it("keys messages on message_id and other events on header.event_id", () => {
    expect(decode("message-p2p")?.dedupeKey).toBe("om_5ce6d572455d361153b7cb51da133945");
    expect(decode("card-action-button")?.dedupeKey).toBe("f7984f25108f8137722bb63cee927e66");
  });

  it("answers a click on the card it came from; DMs are keyed by the person's open_id", () => {
    const click = decode("card-action-button");
    expect(click?.reply).toEqual({ kind: "feishu_card", messageId: "om_x100b5a1b2c3d4e5f6a7b8c9d0e1f2a3b", userId: FIXTURE_USER_OPEN_ID });
    expect(click?.conversation).toEqual({ platform: "feishu", tenantId: FIXTURE_TENANT, conversationId: "oc_a0553eda9014c201e6969b478895c230", kind: "group" });
    expect(decode("card-action-form")?.conversation).toEqual({ platform: "feishu", tenantId: FIXTURE_TENANT, conversationId: FIXTURE_USER_OPEN_ID, kind: "direct" });
    expect(decode("message-p2p")?.conversation.conversationId).toBe(FIXTURE_USER_OPEN_ID);
    expect(decode("bot-menu")?.actor.displayName).toBe("张三");
  });

  it("without the bot's open_id, a leading mention is taken to be the bot, a later one is not", () => {
    const leading = decode("message-group-mention", undefined);
    expect(leading?.kind === "message" && [leading.text, leading.mentionsBot]).toEqual(["member add @ou_zhangsan00000000000000000000000 --role key_user", true]);
    const mentions = [{ key: "@_user_1", id: { open_id: "ou_x" }, name: "X" }];
    const later = decodeFeishuEvent(textMessage("thanks @_user_1", { messageId: "om_l", chatType: "group", mentions }), { receivedAt });
    expect(later?.kind === "message" && [later.text, later.mentionsBot]).toEqual(["thanks @ou_x", false]);
  });

  it("strips @_all and keeps @_user_10 apart from @_user_1", () => {
    const mentions = [
      { key: "@_user_1", id: { open_id: FIXTURE_BOT_OPEN_ID }, name: "Bot" },
      { key: "@_user_10", id: { open_id: "ou_ten" }, name: "Ten" },
    ];
    const event = decodeFeishuEvent(textMessage("@_all @_user_1  task assign T-1 @_user_10", { messageId: "om_a", chatType: "group", mentions }), { receivedAt, botOpenId: FIXTURE_BOT_OPEN_ID });
    expect(event?.kind === "message" && [event.text, event.mentionsBot]).toEqual(["task assign T-1 @ou_ten", true]);
  });

  it("reads rich-text (post) messages and ignores images", () => {
    const post = withEvent(feishuFixture("message-p2p"), {
      message: {
        ...((feishuFixture("message-p2p").event as Record<string, unknown>).message as Record<string, unknown>),
        message_type: "post",
        content: JSON.stringify({ title: "", content: [[{ tag: "text", text: "project " }, { tag: "text", text: "show" }]] }),
      },
    });
    const event = decodeFeishuEvent(post, { receivedAt });
    expect(event?.kind === "message" && event.text).toBe("project show");
    const image = withEvent(feishuFixture("message-p2p"), {
      message: { ...((feishuFixture("message-p2p").event as Record<string, unknown>).message as Record<string, unknown>), message_type: "image", content: '{"image_key":"img_1"}' },
    });
    expect(decodeFeishuEvent(image, { receivedAt })).toBeNull();
  });

  it("decodes a file sent in a group like any group message, and ignores a file message without a file_key", () => {
    const base = feishuFixture("message-p2p-file");
    const message = (base.event as Record<string, unknown>).message as Record<string, unknown>;
    const group = decodeFeishuEvent(withEvent(base, { message: { ...message, chat_type: "group", chat_id: "oc_group_files" } }), { receivedAt, botOpenId: FIXTURE_BOT_OPEN_ID });
    expect(group?.kind === "message" && [group.text, group.mentionsBot, group.conversation.conversationId, group.attachments?.map((a) => a.name)]).toEqual([
      "",
      false,
      "oc_group_files",
      ["raci.csv"],
    ]);
    expect(decodeFeishuEvent(withEvent(base, { message: { ...message, content: '{"file_name":"raci.csv"}' } }), { receivedAt })).toBeNull();
    const unnamed = decodeFeishuEvent(withEvent(base, { message: { ...message, content: '{"file_key":"file_v3_x"}' } }), { receivedAt });
    expect(unnamed?.attachments).toEqual([{ name: "file_v3_x", ref: { messageId: "om_x100b4e7a9c3d2f1e0b8a7c6d5e4f3a2b", fileKey: "file_v3_x" } }]);
    const raw = JSON.stringify(decode("message-p2p-file")?.raw);
    expect(raw).not.toContain(FIXTURE_TOKEN);
  });

  it("falls back to the sender's tenant_key; refuses a click without operator or command, and v1 events", () => {
    expect(decodeFeishuEvent(withEvent(feishuFixture("message-p2p"), {}, { tenant_key: "" }), { receivedAt })?.conversation.tenantId).toBe(FIXTURE_TENANT);
    expect(decodeFeishuEvent(withEvent(feishuFixture("card-action-button"), { operator: {} }), { receivedAt })).toBeNull();
    expect(decodeFeishuEvent(withEvent(feishuFixture("card-action-button"), { action: { value: { other: 1 }, tag: "button" } }), { receivedAt })).toBeNull();
    expect(decodeFeishuEvent({ schema: "1.0", event: {} }, { receivedAt })).toBeNull();
  });

  it("round-trips a rendered form: the submit callback rebuilds the command line", () => {
    const msg = {
      blocks: [
        form({
          title: "Stand-up",
          submitLabel: "Send",
          command: "standup",
          fields: [
            { name: "yesterday", label: "Yesterday", kind: "textarea" as const, required: true },
            { name: "mood", label: "Mood", kind: "select" as const, options: [{ label: "Good", value: "good" }] },
            { name: "due_date", label: "Due", kind: "date" as const },
          ],
        }),
      ],
    };
    const card = renderFeishuCard(msg, { callback: { chat: "p2p" } });
    const container = card.body.elements[0];
    expect(container?.tag).toBe("form");
    if (container?.tag !== "form") return;
    expect(container.elements.map((e) => e.tag)).toEqual(["markdown", "input", "select_static", "date_picker", "button"]);
    const submit = container.elements.at(-1);
    if (submit?.tag !== "button") throw new Error("no submit button");
    expect(submit.form_action_type).toBe("submit");
    const value = submit.behaviors[0]?.value;
    expect(value).toEqual({ command: "standup", fields: ["yesterday", "mood", "due_date"], chat: "p2p" });
    const callback = withEvent(feishuFixture("card-action-form"), {
      action: { value, tag: "button", name: submit.name, form_value: { yesterday: "迁移", mood: "good", due_date: "2026-12-01 +0800" } },
    });
    const event = decodeFeishuEvent(callback, { receivedAt });
    expect(event?.kind === "command" && [event.commandLine, event.source]).toEqual(["standup --yesterday “迁移” --mood “good” --due-date “2026-12-01”", "form"]);
  });

  it("updates a clicked card with the outcome and who clicked, unless the reply asks for more", () => {
    const done = outcomeCard({ ...plain("T-42 已延后 1 天"), locale: "zh-CN" }, feishuCardReply("om_1", "ou_zhang"));
    expect(done.body.elements.at(-1)).toEqual({ tag: "markdown", content: "✓ 已处理 · <at id=ou_zhang></at>" });
    const question = outcomeCard({ blocks: [{ type: "actions", buttons: [{ label: "是", command: "yes" }] }], locale: "zh-CN" }, feishuCardReply("om_1", "ou_zhang"));
    expect(JSON.stringify(question)).not.toContain("已处理");
  });
});
