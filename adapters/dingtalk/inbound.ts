import { createHash } from "node:crypto";
import type { Attachment, ConversationRef, InboundEvent, ReplyHandle, ReplyRef } from "../../src/core/adapter.js";
import { readCardTrackId } from "./card-track.js";
import { TOPIC_CARD, TOPIC_ROBOT, type StreamFrame } from "./stream.js";

// Robot message payload (Stream CALLBACK data and the HTTP callback body are the same JSON):
// https://open.dingtalk.com/document/orgapp/receive-message — conversationType "1" = 1:1, "2" = group; groups
// deliver only messages that @ the robot (isInAtList / atUsers); senderStaffId is the org userid the robot APIs
// take; sessionWebhook + sessionWebhookExpiredTime (ms) answer this conversation for a while.
// Card callback payload (topic /v1.0/card/instances/callback, https://open.dingtalk.com/document/orgapp/event-callback-card):
// {corpId, userId, outTrackId, type, content:"{\"cardPrivateData\":{\"actionIds\":[…],\"params\":{…}}}"}.
// Our card template binds each button's params to {command}, so params.command is the command line.

// A quote ("回复" a message) adds text.isReplyMsg and text.repliedMsg {msgId, msgType, senderId, senderNick, content}
// (under content for richText). The receive-message page above does not document them [unverified]; the shape is the
// one DingTalk's Stream SDK users record (e.g. the dingtalk-stream chatbot models), so every field is read as optional.
// Group events over Stream (EVENT frames, eventType in the headers): chat_add_member (群会话添加人员) carries
// {ChatId, OpenConversationId (the robot messages' conversationId), Operator, UserId: [staff ids], CorpId, TimeStamp}
// (the group-session event list: [3p] https://blog.csdn.net/weixin_42966187/article/details/105225619; the field names
// follow our recorded chat_update_title frame [unverified]: no official sample of chat_add_member was found).

/** ReplyHandle kind of a robot message's session webhook. */
export const SESSION_REPLY_KIND = "dingtalk_session";
/** ReplyHandle kind of a card click: `token` is the clicked card's outTrackId. */
export const CARD_REPLY_KIND = "dingtalk_card";

/** What decoding needs to know about this app. */
export interface DingtalkInboundContext {
  /** Bodies for another robot are refused. */
  robotCode: string;
  /** When set, bodies from another corp are refused. */
  corpId?: string;
  receivedAt: string;
}

/** Why a body was refused (HTTP mode answers 403 / 400). */
export type DingtalkRefusal = "robot_code" | "corp" | "malformed";

/** A decoded payload: an event, nothing to do (null), or a refusal. */
export type DingtalkDecoded = { ok: true; event: InboundEvent | null } | { ok: false; reason: DingtalkRefusal };

type Json = Record<string, unknown>;

function record(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function str(value: unknown): string {
  return typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
}

function parseJson(value: unknown): Json | null {
  if (typeof value !== "string") return record(value);
  try {
    return record(JSON.parse(value));
  } catch {
    return null;
  }
}

function messageText(payload: Json): string | null {
  const type = str(payload.msgtype);
  if (type === "text") return str(record(payload.text)?.content);
  if (type === "richText") {
    const parts = record(payload.content)?.richText;
    if (!Array.isArray(parts)) return null;
    return parts.map((part) => str(record(part)?.text)).filter(Boolean).join(" ").trim();
  }
  return null;
}

/** The files a message carries: [] for other types, null for a file message without a download code. */
function messageFiles(payload: Json): Attachment[] | null {
  if (str(payload.msgtype) !== "file") return [];
  const content = record(payload.content);
  const downloadCode = str(content?.downloadCode);
  if (!downloadCode) return null;
  return [{ name: str(content?.fileName) || "file", ref: { downloadCode, robotCode: str(payload.robotCode) } }];
}

function mentionsRobot(payload: Json, group: boolean): boolean {
  if (!group) return false;
  if (typeof payload.isInAtList === "boolean") return payload.isInAtList;
  const robot = str(payload.chatbotUserId);
  if (Array.isArray(payload.atUsers) && robot) return payload.atUsers.some((u) => str(record(u)?.dingtalkId) === robot);
  return true; // a group only delivers messages that @ the robot
}

/** The message a robot message quotes, when it quotes one. */
function quotedMessage(payload: Json): ReplyRef | undefined {
  for (const holder of [record(payload.text), record(payload.content)]) {
    const replied = record(holder?.repliedMsg);
    const messageId = str(replied?.msgId);
    if (!holder?.isReplyMsg || !replied || !messageId) continue;
    const content = replied.content;
    const text = typeof content === "string" ? content.trim() : str(record(content)?.text);
    return { messageId, ...(text ? { text } : {}) };
  }
  return undefined;
}

function sessionReply(payload: Json): ReplyHandle | undefined {
  const url = str(payload.sessionWebhook);
  const expires = Number(payload.sessionWebhookExpiredTime);
  if (!url || !Number.isFinite(expires) || expires <= 0) return undefined;
  return { kind: SESSION_REPLY_KIND, url, expiresAt: new Date(expires).toISOString() };
}

/** Decodes a robot message; refuses another robot's or another corp's body. */
export function readRobotMessage(body: unknown, ctx: DingtalkInboundContext): DingtalkDecoded {
  const payload = record(body);
  if (!payload) return { ok: false, reason: "malformed" };
  if (str(payload.robotCode) !== ctx.robotCode) return { ok: false, reason: "robot_code" };
  const corp = str(payload.chatbotCorpId) || str(payload.senderCorpId);
  const msgId = str(payload.msgId);
  if (!corp || !msgId) return { ok: false, reason: "malformed" };
  if (ctx.corpId && corp !== ctx.corpId) return { ok: false, reason: "corp" };
  const senderId = str(payload.senderId);
  if (senderId && senderId === str(payload.chatbotUserId)) return { ok: true, event: null }; // the robot itself
  const userId = str(payload.senderStaffId);
  const files = messageFiles(payload);
  const text = files && files.length > 0 ? "" : messageText(payload);
  const group = str(payload.conversationType) === "2";
  const groupId = str(payload.conversationId);
  // No staff id: an external contact the robot APIs cannot address. Pictures, voice and video are not read.
  if (!userId || text === null || files === null || (group && !groupId)) return { ok: true, event: null };
  const conversation: ConversationRef = { platform: "dingtalk", tenantId: corp, conversationId: group ? groupId : userId, kind: group ? "group" : "direct" };
  const reply = sessionReply(payload);
  const replyTo = quotedMessage(payload);
  return {
    ok: true,
    event: {
      kind: "message",
      text,
      mentionsBot: mentionsRobot(payload, group),
      dedupeKey: `msg:${msgId}`,
      messageId: msgId,
      conversation,
      actor: { platform: "dingtalk", tenantId: corp, userId, displayName: str(payload.senderNick) || userId, isBot: false },
      receivedAt: ctx.receivedAt,
      raw: payload,
      ...(reply ? { reply } : {}),
      ...(files.length > 0 ? { attachments: files } : {}),
      ...(replyTo ? { replyTo } : {}),
    },
  };
}

/** Decodes a chat_add_member event: the people added to a group, the operator as the actor. */
export function readChatAddMember(body: unknown, eventId: string | undefined, ctx: DingtalkInboundContext): DingtalkDecoded {
  const payload = record(body);
  if (!payload) return { ok: false, reason: "malformed" };
  const corp = str(payload.CorpId);
  if (ctx.corpId && corp && corp !== ctx.corpId) return { ok: false, reason: "corp" };
  const tenantId = corp || ctx.corpId || "";
  const groupId = str(payload.OpenConversationId);
  const users = Array.isArray(payload.UserId) ? payload.UserId.map(str).filter(Boolean) : str(payload.UserId) ? [str(payload.UserId)] : [];
  if (!tenantId || !groupId || users.length === 0 || !eventId) return { ok: true, event: null };
  const operator = str(payload.Operator) || users[0]!;
  return {
    ok: true,
    event: {
      kind: "members_joined",
      userIds: users,
      dedupeKey: `event:${eventId}`,
      conversation: { platform: "dingtalk", tenantId, conversationId: groupId, kind: "group" },
      actor: { platform: "dingtalk", tenantId, userId: operator, displayName: operator, isBot: false },
      receivedAt: ctx.receivedAt,
      raw: { EventType: "chat_add_member" },
    },
  };
}

/** Decodes a card click into the clicked button's command line; `deliveryId` is the Stream frame's messageId. */
export function readCardCallback(body: unknown, deliveryId: string | undefined, ctx: DingtalkInboundContext): DingtalkDecoded {
  const payload = record(body);
  if (!payload) return { ok: false, reason: "malformed" };
  const corp = str(payload.corpId);
  const userId = str(payload.userId);
  const outTrackId = str(payload.outTrackId);
  if (!corp || !userId || !outTrackId) return { ok: false, reason: "malformed" };
  if (ctx.corpId && corp !== ctx.corpId) return { ok: false, reason: "corp" };
  const params = record(record(parseJson(payload.content)?.cardPrivateData)?.params);
  const commandLine = str(params?.command);
  const home = readCardTrackId(outTrackId);
  if (!commandLine || !home) return { ok: true, event: null }; // not one of our buttons
  const conversation: ConversationRef =
    home.kind === "group"
      ? { platform: "dingtalk", tenantId: corp, conversationId: home.conversationId, kind: "group" }
      : { platform: "dingtalk", tenantId: corp, conversationId: userId, kind: "direct" };
  const fallbackKey = createHash("sha256").update(`${outTrackId}\n${userId}\n${str(payload.content)}`, "utf8").digest("hex").slice(0, 32);
  return {
    ok: true,
    event: {
      kind: "command",
      commandLine,
      source: "button",
      dedupeKey: `card:${deliveryId || fallbackKey}`,
      conversation,
      actor: { platform: "dingtalk", tenantId: corp, userId, displayName: userId, isBot: false },
      receivedAt: ctx.receivedAt,
      raw: payload,
      reply: { kind: CARD_REPLY_KIND, token: outTrackId },
    },
  };
}

/** Decodes a Stream EVENT/CALLBACK frame; other topics and events decode to nothing. */
export function readStreamFrame(frame: StreamFrame, ctx: DingtalkInboundContext): DingtalkDecoded {
  if (frame.type === "EVENT") {
    const type = frame.headers.eventType ?? frame.headers.topic;
    return type === "chat_add_member" ? readChatAddMember(parseJson(frame.data), frame.headers.eventId, ctx) : { ok: true, event: null };
  }
  if (frame.type !== "CALLBACK") return { ok: true, event: null };
  const data = parseJson(frame.data);
  if (frame.headers.topic === TOPIC_ROBOT) return readRobotMessage(data, ctx);
  if (frame.headers.topic === TOPIC_CARD) return readCardCallback(data, frame.headers.messageId, ctx);
  return { ok: true, event: null };
}

/** The event a Stream frame carries, or null (refused or nothing to do). */
export function streamFrameToEvent(frame: StreamFrame, ctx: DingtalkInboundContext): InboundEvent | null {
  const decoded = readStreamFrame(frame, ctx);
  return decoded.ok ? decoded.event : null;
}
