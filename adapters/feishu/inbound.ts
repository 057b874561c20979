import type { Actor, Attachment, ConversationRef, InboundEvent } from "../../src/core/adapter.js";
import { normalizeEmoji } from "../../src/core/emoji.js";
import { formCommandLine, type FormSpec } from "../../src/core/message.js";
import { feishuCardReply } from "./card-reply.js";

// Pure: an event v2 envelope ({schema: "2.0", header, event}) → a neutral InboundEvent, or null when it is not for us.
// Message: https://open.feishu.cn/document/server-docs/im-v1/message/events/receive (dedupe on message_id, not event_id)
// Card click: https://open.feishu.cn/document/feishu-cards/card-callback-communication
// Bot menu: https://open.feishu.cn/document/client-docs/bot-v3/events/menu
// Text content and @ placeholders (@_user_1, @_all), and a file's content {"file_key","file_name"}:
// https://open.feishu.cn/document/server-docs/im-v1/message-content-description/message_content
// A reply names the message it answers in message.parent_id (root_id: the first of the thread); no text comes with it.
// Reactions: https://open.feishu.cn/document/server-docs/im-v1/message-reaction/event/created (and …/event/deleted):
// {message_id, reaction_type: {emoji_type}, operator_type: "user"|"app", user_id: {open_id…}, action_time}; no chat id.
// People joining: https://open.feishu.cn/document/server-docs/group/chat-member/event/added-2 (im.chat.member.user.added_v1):
// {chat_id, operator_id: {open_id…}, users: [{name, tenant_key, user_id: {open_id…}}]}.

/** What decoding needs besides the payload. */
export interface FeishuInboundContext {
  /** The bot's own open_id (bot/v3/info). Unknown: a mention leading the text is taken to be the bot. */
  botOpenId?: string;
  receivedAt: string;
}

type Json = Record<string, unknown>;

const obj = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const str = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 ? value : undefined);

const MENU_COMMAND = /^command:([\s\S]+)$/;

/** Decodes one event v2 envelope (already verified and decrypted). */
export function decodeFeishuEvent(payload: unknown, ctx: FeishuInboundContext): InboundEvent | null {
  const envelope = obj(payload);
  const header = obj(envelope?.header);
  const event = obj(envelope?.event);
  if (envelope?.schema !== "2.0" || !header || !event) return null;
  switch (header.event_type) {
    case "im.message.receive_v1":
      return decodeMessage(header, event, ctx);
    case "card.action.trigger":
      return decodeCardAction(header, event, ctx);
    case "application.bot.menu_v6":
      return decodeMenu(header, event, ctx);
    case "im.message.reaction.created_v1":
    case "im.message.reaction.deleted_v1":
      return decodeReaction(header, event, header.event_type === "im.message.reaction.created_v1", ctx);
    case "im.chat.member.user.added_v1":
      return decodeMembersAdded(header, event, ctx);
    default:
      return null;
  }
}

/** The event type of an envelope, for logs and metrics (never its content). */
export function feishuEventType(payload: unknown): string {
  return str(obj(obj(payload)?.header)?.event_type) ?? str(obj(payload)?.type) ?? "unknown";
}

function actorOf(tenantId: string, userId: string, displayName: string | undefined): Actor {
  return { platform: "feishu", tenantId, userId, displayName: displayName ?? "", isBot: false };
}

function direct(tenantId: string, openId: string): ConversationRef {
  return { platform: "feishu", tenantId, conversationId: openId, kind: "direct" };
}

/** Only ids and the type travel with the event: the decrypted payload also holds the verification token. */
function rawOf(header: Json): { event_id?: string; event_type?: string } {
  const eventId = str(header.event_id);
  const eventType = str(header.event_type);
  return { ...(eventId ? { event_id: eventId } : {}), ...(eventType ? { event_type: eventType } : {}) };
}

function decodeMessage(header: Json, event: Json, ctx: FeishuInboundContext): InboundEvent | null {
  const sender = obj(event.sender);
  const message = obj(event.message);
  if (!sender || !message || sender.sender_type !== "user") return null;
  const openId = str(obj(sender.sender_id)?.open_id);
  const tenantId = str(header.tenant_key) ?? str(sender.tenant_key);
  const messageId = str(message.message_id);
  const chatId = str(message.chat_id);
  if (!openId || !tenantId || !messageId || !chatId) return null;
  const file = message.message_type === "file" ? messageFile(message, messageId) : undefined;
  const content = file ? "" : messageText(message);
  if (file === null || content === null) return null;
  const { text, mentionsBot } = resolveMentions(content, readMentions(message.mentions), ctx.botOpenId);
  const rootId = str(message.root_id);
  const parentId = str(message.parent_id);
  const conversation: ConversationRef =
    message.chat_type === "p2p"
      ? direct(tenantId, openId)
      : { platform: "feishu", tenantId, conversationId: chatId, kind: "group", ...(str(message.thread_id) && rootId ? { threadId: rootId } : {}) };
  return {
    kind: "message",
    text,
    mentionsBot,
    dedupeKey: messageId,
    conversation,
    actor: actorOf(tenantId, openId, undefined),
    receivedAt: ctx.receivedAt,
    raw: rawOf(header),
    ...(file ? { attachments: [file] } : {}),
    messageId,
    ...(parentId ? { replyTo: { messageId: parentId } } : {}),
  };
}

/**
 * A reaction names only the message: the chat is left unnamed (conversationId ""), and the dispatcher takes the chat of
 * the bot's message when the reaction is on one. The app's own reactions (operator_type "app") are ignored.
 */
function decodeReaction(header: Json, event: Json, added: boolean, ctx: FeishuInboundContext): InboundEvent | null {
  const messageId = str(event.message_id);
  const emojiType = str(obj(event.reaction_type)?.emoji_type);
  const openId = str(obj(event.user_id)?.open_id);
  const tenantId = str(header.tenant_key);
  const eventId = str(header.event_id);
  if (event.operator_type !== "user" || !messageId || !emojiType || !openId || !tenantId || !eventId) return null;
  return {
    kind: "reaction",
    messageId,
    emoji: normalizeEmoji(emojiType),
    rawEmoji: emojiType,
    added,
    dedupeKey: eventId,
    conversation: { platform: "feishu", tenantId, conversationId: "", kind: "group" },
    actor: actorOf(tenantId, openId, undefined),
    receivedAt: ctx.receivedAt,
    raw: rawOf(header),
  };
}

function decodeMembersAdded(header: Json, event: Json, ctx: FeishuInboundContext): InboundEvent | null {
  const chatId = str(event.chat_id);
  const tenantId = str(header.tenant_key);
  const eventId = str(header.event_id);
  const users = Array.isArray(event.users) ? event.users.map((u: unknown) => obj(u)) : [];
  const userIds = users.flatMap((u) => {
    const id = str(obj(u?.user_id)?.open_id);
    return id ? [id] : [];
  });
  if (!chatId || !tenantId || !eventId || userIds.length === 0) return null;
  const operator = str(obj(event.operator_id)?.open_id) ?? userIds[0]!;
  return {
    kind: "members_joined",
    userIds,
    dedupeKey: eventId,
    conversation: { platform: "feishu", tenantId, conversationId: chatId, kind: "group" },
    actor: actorOf(tenantId, operator, undefined),
    receivedAt: ctx.receivedAt,
    raw: rawOf(header),
  };
}

/** A message's content, a JSON string in the event; undefined when it does not parse. */
function contentOf(message: Json): unknown {
  try {
    return JSON.parse(typeof message.content === "string" ? message.content : "");
  } catch {
    return undefined;
  }
}

/** The file of a `file` message: what download.ts needs to fetch it; null without a file_key. */
function messageFile(message: Json, messageId: string): Attachment | null {
  const content = obj(contentOf(message));
  const fileKey = str(content?.file_key);
  if (!fileKey) return null;
  return { name: str(content?.file_name) ?? fileKey, ref: { messageId, fileKey } };
}

/** The text of a `text` or `post` message, @ placeholders kept; null for anything else (images, stickers, …). */
function messageText(message: Json): string | null {
  const content = contentOf(message);
  if (content === undefined) return null;
  if (message.message_type === "text") return typeof obj(content)?.text === "string" ? (obj(content)?.text as string) : null;
  if (message.message_type !== "post") return null;
  const paragraphs = obj(content)?.content;
  if (!Array.isArray(paragraphs)) return null;
  return paragraphs
    .map((line: unknown) =>
      (Array.isArray(line) ? line : [])
        .map((element: unknown) => {
          const el = obj(element);
          if (el?.tag === "text" || el?.tag === "a") return typeof el.text === "string" ? el.text : "";
          if (el?.tag === "at") return str(el.user_id) ?? "";
          return "";
        })
        .join(""),
    )
    .join("\n");
}

interface Mention {
  key: string;
  openId?: string;
  name?: string;
}

function readMentions(value: unknown): Mention[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const m = obj(item);
    const key = str(m?.key);
    if (!key) return [];
    const openId = str(obj(m?.id)?.open_id);
    const name = str(m?.name);
    return [{ key, ...(openId ? { openId } : {}), ...(name ? { name } : {}) }];
  });
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Strips the bot's @ placeholder (and @_all), and turns anyone else's into `@<open_id>`, the form the command
 * core reads as a platform user reference (`member add @ou_… --role key_user`).
 */
function resolveMentions(content: string, mentions: Mention[], botOpenId: string | undefined): { text: string; mentionsBot: boolean } {
  const leading = content.trimStart();
  const isBot = (m: Mention): boolean => (botOpenId ? m.openId === botOpenId : leading.startsWith(m.key) && !/^\d/.test(leading.slice(m.key.length)));
  let text = content;
  let mentionsBot = false;
  for (const m of [...mentions].sort((a, b) => b.key.length - a.key.length)) {
    const bot = isBot(m);
    mentionsBot ||= bot;
    const replacement = bot ? " " : m.openId ? ` @${m.openId} ` : ` ${m.name ?? ""} `;
    text = text.replace(new RegExp(`${escapeRegExp(m.key)}(?!\\d)`, "g"), replacement);
  }
  text = text.replace(/@_all\b|@_user_\d+/g, " ");
  return { text: text.replace(/[^\S\n]+/g, " ").replace(/ *\n */g, "\n").trim(), mentionsBot };
}

/** A callback value as rendered by render.ts; older clients and the long connection may send it as a JSON string. */
function callbackValue(value: unknown): Json | undefined {
  if (typeof value !== "string") return obj(value);
  try {
    return obj(JSON.parse(value));
  } catch {
    return undefined;
  }
}

/** A submitted form value as text: dates lose the " +0800" Feishu appends, multi-selects are comma-joined. */
function formText(value: unknown): string | undefined {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string").join(", ");
  if (typeof value !== "string") return undefined;
  const date = /^(\d{4}-\d{2}-\d{2})(?: [+-]\d{4})?$/.exec(value.trim());
  return date?.[1] ?? value;
}

function decodeCardAction(header: Json, event: Json, ctx: FeishuInboundContext): InboundEvent | null {
  const operator = obj(event.operator);
  const action = obj(event.action);
  const context = obj(event.context);
  const openId = str(operator?.open_id);
  const tenantId = str(header.tenant_key) ?? str(operator?.tenant_key) ?? str(event.tenant_key);
  const eventId = str(header.event_id);
  const value = callbackValue(action?.value);
  const command = str(value?.command)?.trim();
  if (!openId || !tenantId || !eventId || !command) return null;
  const formValue = obj(action?.form_value);
  const fields = Array.isArray(value?.fields) ? value.fields.filter((f): f is string => typeof f === "string") : undefined;
  let commandLine = command;
  if (formValue && fields) {
    const spec: FormSpec = { title: "", submitLabel: "", command, fields: fields.map((name) => ({ name, label: name, kind: "text" })) };
    commandLine = formCommandLine(spec, Object.fromEntries(fields.map((name) => [name, formText(formValue[name])])));
  }
  const chatId = str(context?.open_chat_id) ?? str(event.open_chat_id);
  const messageId = str(context?.open_message_id) ?? str(event.open_message_id);
  const conversation: ConversationRef =
    value?.chat === "p2p" || !chatId ? direct(tenantId, openId) : { platform: "feishu", tenantId, conversationId: chatId, kind: "group" };
  return {
    kind: "command",
    commandLine,
    source: formValue && fields ? "form" : "button",
    dedupeKey: eventId,
    conversation,
    actor: actorOf(tenantId, openId, str(operator?.name)),
    receivedAt: ctx.receivedAt,
    raw: rawOf(header),
    ...(messageId ? { reply: feishuCardReply(messageId, openId) } : {}),
  };
}

function decodeMenu(header: Json, event: Json, ctx: FeishuInboundContext): InboundEvent | null {
  const operator = obj(event.operator);
  const openId = str(obj(operator?.operator_id)?.open_id);
  const tenantId = str(header.tenant_key);
  const eventId = str(header.event_id);
  const line = MENU_COMMAND.exec(str(event.event_key) ?? "")?.[1]?.trim();
  if (!openId || !tenantId || !eventId || !line) return null;
  return {
    kind: "command",
    commandLine: line,
    source: "menu",
    dedupeKey: eventId,
    conversation: direct(tenantId, openId),
    actor: actorOf(tenantId, openId, str(operator?.operator_name)),
    receivedAt: ctx.receivedAt,
    raw: rawOf(header),
  };
}
