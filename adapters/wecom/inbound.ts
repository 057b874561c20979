import { createHash } from "node:crypto";
import type { Actor, Attachment, ConversationRef, InboundEvent, ReplyHandle, ReplyRef } from "../../src/core/adapter.js";

// Pure mappings from WeCom payloads to neutral events.
// Self-built app messages and events: https://developer.work.weixin.qq.com/document/path/90239 (text),
// /90240 (click), /90240#模板卡片事件推送 (template_card_event). AI bot: /100719 (messages), /101027 (events).
// The self-built app's callback has no file messages (90239 lists text, image, voice, video, location, link); files
// reach only the AI bot, in single chats (100719 文件消息), or as the quoted message of a text (100719 引用).

/** The reply handle a template-card click carries: its ResponseCode updates that card once, within 72 h. */
export const CARD_REPLY_KIND = "wecom_card";
/** How long a template card's ResponseCode can be used (path/94888: "72小时内有效，且只能使用一次"). */
export const CARD_CODE_TTL_MS = 72 * 60 * 60 * 1000;
/** Custom-menu click keys that carry a command line: `command:<line>`. */
export const MENU_COMMAND_PREFIX = "command:";
/** The name an AI bot file has: none (""), since WeCom's file message names none; only the download's Content-Disposition does. */
export const AIBOT_FILE_NAME = "";
/** Conversation ids of chats with the AI bot start with this, so that sends go back over its long connection. */
export const AIBOT_CONVERSATION_PREFIX = "aibot:";

/** What the mappings need to know about the app. */
export interface WecomInboundContext {
  corpId: string;
  agentId: string;
  /** When the event reached us (ISO); the dispatcher's clock, not WeCom's. */
  receivedAt: string;
}

function actorOf(corpId: string, userId: string): Actor {
  return { platform: "wecom", tenantId: corpId, userId, displayName: userId, isBot: false };
}

function directWith(corpId: string, conversationId: string): ConversationRef {
  return { platform: "wecom", tenantId: corpId, conversationId, kind: "direct" };
}

/**
 * Maps a decrypted self-built-app callback (its inner XML's fields) to an event, or null when it is not for the
 * bot: another app or corp, a system event (enter_agent, subscribe, …), a menu key that is not a command, media.
 */
export function appCallbackToEvent(fields: Readonly<Record<string, string>>, ctx: WecomInboundContext): InboundEvent | null {
  const from = fields.FromUserName?.trim();
  if (!from) return null;
  if (fields.ToUserName !== undefined && fields.ToUserName !== ctx.corpId) return null;
  if (fields.AgentID !== undefined && fields.AgentID !== "" && fields.AgentID !== ctx.agentId) return null;
  const base = { conversation: directWith(ctx.corpId, from), actor: actorOf(ctx.corpId, from), receivedAt: ctx.receivedAt, raw: fields };

  if (fields.MsgType === "text") {
    const msgId = fields.MsgId?.trim();
    const text = fields.Content ?? "";
    if (!msgId || !text.trim()) return null;
    return { ...base, kind: "message", dedupeKey: `msg:${msgId}`, text, mentionsBot: true };
  }
  if (fields.MsgType !== "event") return null;
  const event = fields.Event ?? "";
  const key = fields.EventKey ?? "";
  // Events carry no id: FromUserName + CreateTime + the event and its key identify a delivery and its retries.
  const dedupeKey = ["evt", from, fields.CreateTime ?? "", event, key, fields.TaskId ?? ""].join(":");
  if (event === "click") {
    if (!key.startsWith(MENU_COMMAND_PREFIX)) return null;
    const commandLine = key.slice(MENU_COMMAND_PREFIX.length).trim();
    return commandLine ? { ...base, kind: "command", dedupeKey, commandLine, source: "menu" } : null;
  }
  if (event === "template_card_event") {
    const commandLine = key.trim();
    if (!commandLine) return null;
    const code = fields.ResponseCode?.trim();
    const reply = code ? cardReplyHandle(code, fields.CreateTime, ctx.receivedAt) : undefined;
    return { ...base, kind: "command", dedupeKey, commandLine, source: "button", ...(reply ? { reply } : {}) };
  }
  return null;
}

function cardReplyHandle(code: string, createTime: string | undefined, receivedAt: string): ReplyHandle {
  const seconds = Number(createTime);
  const issued = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Date.parse(receivedAt);
  return { kind: CARD_REPLY_KIND, token: code, expiresAt: new Date(issued + CARD_CODE_TTL_MS).toISOString() };
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The text of an AI bot message: text, voice (already transcribed) or the text items of a mixed message. */
function aibotText(body: Record<string, unknown>): string | null {
  switch (body.msgtype) {
    case "text":
      return str(record(body.text)?.content) ?? null;
    case "voice":
      return str(record(body.voice)?.content) ?? null;
    case "mixed": {
      const items = record(body.mixed)?.msg_item;
      if (!Array.isArray(items)) return null;
      return items.map((item) => str(record(record(item)?.text)?.content) ?? "").filter((t) => t.trim()).join("\n") || null;
    }
    default:
      return null;
  }
}

/** A file as the AI bot's message describes it: its five-minute url and, over the long connection, its aeskey. */
function aibotFile(value: unknown): Attachment | null {
  const file = record(value);
  const url = str(file?.url)?.trim();
  if (!url) return null;
  const aeskey = str(file?.aeskey)?.trim();
  return { name: AIBOT_FILE_NAME, ref: { url, ...(aeskey ? { aeskey } : {}) } };
}

/** The files of an AI bot message: a file message's own, or the file a text quotes. */
function aibotFiles(body: Record<string, unknown>): Attachment[] {
  const quote = record(body.quote);
  const files = [body.msgtype === "file" ? aibotFile(body.file) : null, quote?.msgtype === "file" ? aibotFile(quote.file) : null];
  return files.filter((file): file is Attachment => file !== null);
}

/**
 * The message a text quotes (100719 结构体说明 · 引用: `quote` holds the quoted message's msgtype and content, no id).
 * The id is derived from what was quoted ("quote:" + a hash), so two quotes of one message agree; it never names a
 * message the bot sent, since WeCom gives the bot no id to match.
 */
function aibotQuote(body: Record<string, unknown>): ReplyRef | undefined {
  const quote = record(body.quote);
  if (!quote) return undefined;
  const text = aibotText(quote)?.trim();
  const basis = text ?? str(record(quote.file)?.url) ?? str(record(quote.image)?.url) ?? JSON.stringify(quote);
  const messageId = `quote:${createHash("sha256").update(basis, "utf8").digest("hex").slice(0, 16)}`;
  return { messageId, ...(text ? { text } : {}) };
}

/** In a group the AI bot only hears @mentions; its text starts with "@BotName", which is not part of the command. */
function withoutLeadingMention(text: string): string {
  return text.replace(/^\s*[@＠]\S+[\s\u2005]*/u, "").trim();
}

/**
 * Maps an AI bot long-connection (or JSON-callback) body to an event: messages addressed to the bot become
 * message events (mentionsBot: in groups it only hears @mentions), a file (sent or quoted) an attachment named
 * AIBOT_FILE_NAME with text "" or the quoting text, a template-card click a command.
 * Enter-chat, feedback and unknown bodies map to null.
 */
export function aibotBodyToEvent(raw: unknown, ctx: Pick<WecomInboundContext, "corpId" | "receivedAt">): InboundEvent | null {
  const body = record(raw);
  const msgid = str(body?.msgid)?.trim();
  const userId = str(record(body?.from)?.userid)?.trim();
  if (!body || !msgid || !userId) return null;
  const group = body.chattype === "group";
  const chatId = str(body.chatid)?.trim();
  if (group && !chatId) return null;
  const conversation: ConversationRef = {
    platform: "wecom",
    tenantId: ctx.corpId,
    conversationId: `${AIBOT_CONVERSATION_PREFIX}${group ? chatId : userId}`,
    kind: group ? "group" : "direct",
  };
  const base = { dedupeKey: `aibot:${msgid}`, conversation, actor: actorOf(ctx.corpId, userId), receivedAt: ctx.receivedAt, raw: { msgid, chattype: body.chattype } };
  if (body.msgtype === "event") {
    const event = record(body.event);
    if (event?.eventtype !== "template_card_event") return null;
    const commandLine = str(event.event_key)?.trim();
    return commandLine ? { ...base, kind: "command", commandLine, source: "button" } : null;
  }
  const text = aibotText(body) ?? "";
  const cleaned = group ? withoutLeadingMention(text) : text.trim();
  const attachments = aibotFiles(body);
  if (!cleaned && attachments.length === 0) return null;
  const replyTo = aibotQuote(body);
  return { ...base, kind: "message", text: cleaned, mentionsBot: true, messageId: msgid, ...(attachments.length > 0 ? { attachments } : {}), ...(replyTo ? { replyTo } : {}) };
}
