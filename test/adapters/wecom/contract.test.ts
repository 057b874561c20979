import { describe, expect, it } from "vitest";
import { renderCardUpdate } from "../../../adapters/wecom/card-update.js";
import { createWecomCrypto } from "../../../adapters/wecom/crypto.js";
import { AIBOT_FILE_NAME, aibotBodyToEvent, appCallbackToEvent, CARD_CODE_TTL_MS, CARD_REPLY_KIND } from "../../../adapters/wecom/inbound.js";
import { renderWecomMarkdown, renderWecomTemplateCard } from "../../../adapters/wecom/render.js";
import { openAppCallback } from "../../../adapters/wecom/transport.js";
import type { InboundEvent } from "../../../src/core/adapter.js";
import { runAdapterContract, type ContractFixture } from "../contract.js";
import { APP, fixture, jsonFixture, seal, testAdapter } from "./wecom-test-support.js";

const crypto = createWecomCrypto({ token: APP.token, encodingAesKey: APP.encodingAesKey, receiveId: APP.corpId });
const ctx = { corpId: APP.corpId, agentId: APP.agentId, receivedAt: "2026-01-01T00:00:00.000Z" };

/** A recorded inner XML, encrypted and signed as WeCom sends it, then opened and mapped by the adapter's own code. */
function viaCallback(name: string): InboundEvent | null {
  const { query, body } = seal(fixture(name));
  return appCallbackToEvent(openAppCallback(crypto, query, body), ctx);
}

function opened(name: string): Record<string, string> {
  const { query, body } = seal(fixture(name));
  return openAppCallback(crypto, query, body);
}

function viaAibot(name: string): InboundEvent | null {
  return aibotBodyToEvent(jsonFixture(name), ctx);
}

const tenantId = APP.corpId;
const fixtures: ContractFixture[] = [
  {
    name: "app text message (DM) → message addressed to the bot",
    decode: () => viaCallback("app-text-message.xml"),
    expected: { kind: "message", text: "standup skip “休假 on leave”", mentionsBot: true, conversationKind: "direct", userId: "zhangsan", tenantId, dedupeKey: "msg:7306245093482561234" },
  },
  {
    name: "custom-menu click with a command: key → menu command",
    decode: () => viaCallback("app-menu-click.xml"),
    expected: { kind: "command", commandLine: "standup", source: "menu", userId: "lisi", tenantId, dedupeKey: "evt:lisi:1767225660:click:command:standup:" },
  },
  { name: "custom-menu click without the command: prefix → ignored", decode: () => viaCallback("app-menu-click-other.xml"), expected: null },
  {
    name: "template_card_event → the clicked button's command",
    decode: () => viaCallback("app-template-card-event.xml"),
    expected: { kind: "command", commandLine: "task done T-42", source: "button", userId: "wangwu", tenantId },
  },
  { name: "enter_agent system event → ignored", decode: () => viaCallback("app-enter-agent.xml"), expected: null },
  { name: "a message for another agent of the corp → ignored", decode: () => viaCallback("app-other-agent.xml"), expected: null },
  {
    name: "AI bot group @mention → message without the @mention",
    decode: () => viaAibot("aibot-group-text.json"),
    expected: { kind: "message", text: "task done T-42", mentionsBot: true, conversationKind: "group", userId: "zhaoliu", tenantId },
  },
  {
    name: "AI bot single chat → direct message",
    decode: () => viaAibot("aibot-single-text.json"),
    expected: { kind: "message", text: "帮助", mentionsBot: true, conversationKind: "direct", userId: "zhaoliu", tenantId },
  },
  { name: "AI bot enter_chat event → ignored", decode: () => viaAibot("aibot-enter-chat.json"), expected: null },
  {
    name: "AI bot single-chat file → message with no text and the file's url and aeskey (WeCom sends no name)",
    decode: () => viaAibot("aibot-single-file.json"),
    expected: {
      kind: "message",
      text: "",
      mentionsBot: true,
      conversationKind: "direct",
      userId: "zhaoliu",
      tenantId,
      dedupeKey: "aibot:CAIQ16HMjQYY/NGagIOAgAMgq4KM0AL=",
      attachments: [{ name: AIBOT_FILE_NAME, ref: { url: "https://aibot-files.example.invalid/download/FILEID_raci", aeskey: "q2b9Yq0m3cI1mVh2m4YV0f6l2J8o9G7Rz3xK5tP1wQs=" } }],
    },
  },
  {
    name: "AI bot text quoting a file → the text as the message, the quoted file as its attachment",
    decode: () => viaAibot("aibot-quote-file.json"),
    expected: {
      kind: "message",
      text: "raci import --dry-run",
      mentionsBot: true,
      conversationKind: "direct",
      userId: "zhaoliu",
      tenantId,
      attachments: [{ name: AIBOT_FILE_NAME, ref: { url: "https://aibot-files.example.invalid/download/FILEID_quoted", aeskey: "Zk3q9XbV7c2LmN4pR6sT8uW0yA1bC3dE5fG7hI9jK0M=" } }],
      // WeCom names no id for a quoted message: it is derived from what was quoted (here the file's url).
      replyTo: { messageId: "quote:b7994f91b50ad7e7" },
    },
  },
  {
    name: "AI bot group text quoting a message (100719 引用): the quoted text, an id derived from it",
    decode: () => viaAibot("aibot-group-quote-text.json"),
    expected: { kind: "message", text: "task done T-42", mentionsBot: true, conversationKind: "group", userId: "zhaoliu", tenantId, replyTo: { messageId: "quote:07c056d41d710dce", text: "任务 T-42 明天到期" } },
  },
  {
    name: "AI bot mixed text and image → the text only (images are not files)",
    decode: () => viaAibot("aibot-mixed-image.json"),
    expected: { kind: "message", text: "task show T-42", mentionsBot: true, conversationKind: "group", userId: "zhaoliu", tenantId },
  },
  { name: "AI bot image alone → ignored", decode: () => viaAibot("aibot-single-image.json"), expected: null },
];

describe("WeCom adapter", () => {
  runAdapterContract(() => ({
    platform: "wecom",
    adapter: testAdapter(),
    renderers: [
      (m) => renderWecomMarkdown(m),
      (m) => renderWecomTemplateCard(m, { taskId: "contract" }),
      (m) => renderCardUpdate(m, { agentId: 1000002, userId: "zhangsan", responseCode: "rc", taskId: "t" }),
    ],
    fixtures,
    // A self-built app never receives its own messages; what reaches it unasked is system events like enter_agent.
    ownMessage: () => viaCallback("app-enter-agent.xml"),
    click: { command: "task done T-42", decode: () => viaCallback("app-template-card-event.xml") },
  }));

  it("gives a card click a once-usable reply handle that expires 72 h after the click", () => {
    const event = viaCallback("app-template-card-event.xml");
    expect(event?.reply).toEqual({
      kind: CARD_REPLY_KIND,
      token: "responsecode_ZGRlOGYx",
      expiresAt: new Date(1767225720 * 1000 + CARD_CODE_TTL_MS).toISOString(),
    });
  });

  it("keeps AI bot chats apart from app chats, so that replies go back over the long connection", () => {
    expect(viaAibot("aibot-group-text.json")?.conversation.conversationId).toBe("aibot:wrkSFfCgAAtest01");
    expect(viaAibot("aibot-single-text.json")?.conversation.conversationId).toBe("aibot:zhaoliu");
    expect(viaCallback("app-text-message.xml")?.conversation.conversationId).toBe("zhangsan");
  });

  it("dedupes events on FromUserName + CreateTime + event + key: a retry maps to the same key, another click does not", () => {
    const first = viaCallback("app-menu-click.xml");
    const retry = viaCallback("app-menu-click.xml");
    const later = appCallbackToEvent({ ...opened("app-menu-click.xml"), CreateTime: "1767225999" }, ctx);
    expect(retry?.dedupeKey).toBe(first?.dedupeKey);
    expect(later?.dedupeKey).not.toBe(first?.dedupeKey);
  });

  it("replaces a clicked card with the outcome: its buttons when it has some, else a grey 'done' label", () => {
    const opts = { agentId: 1000002, userId: "zhangsan", responseCode: "rc-1", taskId: "rb-1" };
    const confirm = renderCardUpdate({ locale: "en", blocks: [{ type: "text", markdown: "Remove Wu Lei?" }, { type: "actions", buttons: [{ label: "Yes", command: "yes" }, { label: "No", command: "no" }] }] }, opts);
    expect(confirm).toMatchObject({ response_code: "rc-1", userids: ["zhangsan"], template_card: { button_list: [{ key: "yes" }, { key: "no" }] } });
    expect(confirm.template_card).not.toHaveProperty("replace_text");
    const done = renderCardUpdate({ locale: "en", blocks: [{ type: "text", markdown: "T-42 is done" }] }, opts);
    expect(done).toMatchObject({ template_card: { main_title: { title: "T-42 is done" }, button_list: [], replace_text: "✓ Done" } });
  });

  it("says which conversations have buttons: app DMs yes, app groups and AI bot chats no", () => {
    const adapter = testAdapter();
    const ref = (conversationId: string, kind: "direct" | "group") => ({ platform: "wecom" as const, tenantId, conversationId, kind });
    expect(adapter.capabilitiesFor?.(ref("zhangsan", "direct")).buttons).not.toBe(false);
    expect(adapter.capabilitiesFor?.(ref("chat1", "group")).buttons).toBe(false);
    expect(adapter.capabilitiesFor?.(ref("aibot:wrkSFfCgAAtest01", "group")).buttons).toBe(false);
    expect(adapter.capabilities.buttons).not.toBe(false);
  });
});
