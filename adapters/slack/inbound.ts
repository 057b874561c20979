import type { Actor, ConversationRef, InboundEvent, ReplyHandle } from "../../src/core/adapter.js";
import { normalizeEmoji } from "../../src/core/emoji.js";
import { attachmentsOf } from "./files.js";
import { readFormSubmission, FORM_CALLBACK_ID } from "./modal.js";
import { list, obj, record, str, type Json, type SlackBody } from "./payload.js";
import { mentionsUser, slackTextToLine } from "./slack-text.js";

/** What decoding needs besides the payload: who the bot is, and when the request arrived. */
export interface DecodeContext {
  /** The bot's user id (auth.test `user_id`): its mention is dropped and its own messages are ignored. */
  botUserId?: string;
  receivedAt: string;
  /** Slash commands whose text is a whole command line (default: /rollout); any other `/x y` becomes `x y`. */
  umbrellaCommands?: readonly string[];
}

/** How long a trigger_id can open a modal: "Triggers expire in three seconds" (https://api.slack.com/interactivity/handling#modal_responses). */
export const TRIGGER_TTL_MS = 3000;
/** The reply handle kind this adapter writes and reads. */
export const SLACK_REPLY_KIND = "slack";

// Message subtypes a person produces; the rest (edits, deletions, joins, bot posts) are not commands.
// https://api.slack.com/events/message#subtypes
const PERSON_SUBTYPES = new Set(["file_share", "thread_broadcast", "me_message"]);

/** Turns one verified request body into a neutral event; null when there is nothing for the bot to do. */
export function decodeSlackBody(body: SlackBody, ctx: DecodeContext): InboundEvent | null {
  switch (body.kind) {
    case "event_callback":
      return decodeEventCallback(body.payload, ctx);
    case "slash_command":
      return decodeSlashCommand(body.fields, ctx);
    case "interactive":
      return decodeInteractive(body.payload, ctx);
    default:
      return null;
  }
}

/** The tenant of a payload: the Enterprise Grid org where there is one, else the workspace. */
export function tenantOf(enterpriseId: string | undefined, teamId: string | undefined): string | undefined {
  return enterpriseId ?? teamId;
}

function conversationOf(tenantId: string, channel: string, kind: ConversationRef["kind"], threadId?: string): ConversationRef {
  return { platform: "slack", tenantId, conversationId: channel, kind, ...(threadId ? { threadId } : {}) };
}

function actorOf(tenantId: string, userId: string, displayName: string | undefined): Actor {
  return { platform: "slack", tenantId, userId, displayName: displayName ?? userId, isBot: false };
}

/** Channel ids starting with D are direct messages: https://api.slack.com/types/conversation */
function kindOfChannel(channel: string, channelType?: string): ConversationRef["kind"] {
  if (channelType) return channelType === "im" ? "direct" : "group";
  return channel.startsWith("D") ? "direct" : "group";
}

function replyHandle(triggerId: string | undefined, responseUrl: string | undefined, receivedAt: string): ReplyHandle | undefined {
  if (!triggerId && !responseUrl) return undefined;
  return {
    kind: SLACK_REPLY_KIND,
    ...(triggerId ? { token: triggerId, expiresAt: new Date(Date.parse(receivedAt) + TRIGGER_TTL_MS).toISOString() } : {}),
    ...(responseUrl ? { url: responseUrl } : {}),
  };
}

/**
 * Events API callbacks (https://api.slack.com/apis/events-api#callback-field): app_mention, message (DMs and,
 * when subscribed, channels; a file_share message carries its files) and member_joined_channel. A message is
 * keyed by channel and ts rather than event_id, so that the same message delivered as both app_mention and
 * message.channels runs once.
 */
export function decodeEventCallback(payload: Json, ctx: DecodeContext): InboundEvent | null {
  const event = obj(payload, "event");
  const tenantId = tenantOf(str(payload, "enterprise_id"), str(payload, "team_id"));
  if (!event || !tenantId) return null;
  const type = str(event, "type");
  if (type === "member_joined_channel") {
    const user = str(event, "user");
    const channel = str(event, "channel");
    const eventId = str(payload, "event_id");
    if (!user || !channel || !eventId || user === ctx.botUserId) return null;
    return {
      kind: "members_joined",
      userIds: [user],
      dedupeKey: `event:${eventId}`,
      conversation: conversationOf(tenantId, channel, "group"),
      actor: actorOf(tenantId, str(event, "inviter") ?? user, undefined),
      receivedAt: ctx.receivedAt,
      raw: payload,
    };
  }
  if (type === "reaction_added" || type === "reaction_removed") return decodeReaction(payload, event, tenantId, type === "reaction_added", ctx);
  if (type !== "message" && type !== "app_mention") return null;
  const subtype = str(event, "subtype");
  const user = str(event, "user");
  const channel = str(event, "channel");
  if (!user || !channel || str(event, "bot_id") || (subtype && !PERSON_SUBTYPES.has(subtype)) || user === ctx.botUserId) return null;
  const text = typeof event.text === "string" ? event.text : "";
  const ts = str(event, "ts");
  const eventId = str(payload, "event_id");
  if (!ts && !eventId) return null;
  const profile = obj(event, "user_profile");
  const attachments = attachmentsOf(event);
  // A message in a thread answers the thread's parent (thread_ts; the parent itself has thread_ts === ts). Slack
  // sends the parent's author (parent_user_id), not its text: https://docs.slack.dev/reference/events/message/
  const threadTs = str(event, "thread_ts");
  return {
    kind: "message",
    text: slackTextToLine(text, { ...(ctx.botUserId ? { botUserId: ctx.botUserId } : {}), dropLeadingMention: type === "app_mention" }),
    mentionsBot: type === "app_mention" || mentionsUser(text, ctx.botUserId),
    dedupeKey: ts ? `msg:${channel}:${ts}` : `event:${eventId}`,
    conversation: conversationOf(tenantId, channel, kindOfChannel(channel, str(event, "channel_type")), str(event, "thread_ts")),
    actor: actorOf(tenantId, user, str(profile, "display_name") ?? str(profile, "real_name") ?? str(profile, "name")),
    receivedAt: ctx.receivedAt,
    raw: payload,
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(ts ? { messageId: ts } : {}),
    ...(threadTs && threadTs !== ts ? { replyTo: { messageId: threadTs, ...(str(event, "parent_user_id") ? { authorId: str(event, "parent_user_id")! } : {}) } } : {}),
  };
}

/**
 * reaction_added / reaction_removed (https://docs.slack.dev/reference/events/reaction_added/,
 * .../reaction_removed/): `item` names the message by channel and ts; reactions on files are no longer sent.
 */
function decodeReaction(payload: Json, event: Json, tenantId: string, added: boolean, ctx: DecodeContext): InboundEvent | null {
  const item = obj(event, "item");
  const user = str(event, "user");
  const reaction = str(event, "reaction");
  const channel = str(item, "channel");
  const ts = str(item, "ts");
  const eventId = str(payload, "event_id");
  if (str(item, "type") !== "message" || !user || !reaction || !channel || !ts || !eventId || user === ctx.botUserId) return null;
  return {
    kind: "reaction",
    messageId: ts,
    emoji: normalizeEmoji(reaction),
    rawEmoji: reaction,
    added,
    // item_user: who wrote the message reacted to.
    ...(str(event, "item_user") ? { authorId: str(event, "item_user")! } : {}),
    dedupeKey: `event:${eventId}`,
    conversation: conversationOf(tenantId, channel, kindOfChannel(channel, str(item, "channel_type"))),
    actor: actorOf(tenantId, user, undefined),
    receivedAt: ctx.receivedAt,
    raw: payload,
  };
}

/**
 * Slash commands (https://api.slack.com/interactivity/slash-commands#app_command_handling): `/rollout <line>` is
 * the line itself; a shortcut such as `/standup skip` is `standup skip`. Keyed by trigger_id, unique per invocation.
 */
export function decodeSlashCommand(fields: Record<string, string | undefined>, ctx: DecodeContext): InboundEvent | null {
  const tenantId = tenantOf(nonEmpty(fields.enterprise_id), nonEmpty(fields.team_id));
  const user = nonEmpty(fields.user_id);
  const channel = nonEmpty(fields.channel_id);
  const command = nonEmpty(fields.command)?.replace(/^\//, "").toLowerCase();
  if (!tenantId || !user || !channel || !command) return null;
  const line = slackTextToLine(fields.text ?? "", ctx.botUserId ? { botUserId: ctx.botUserId } : {});
  const umbrella = (ctx.umbrellaCommands ?? ["rollout"]).includes(command);
  const triggerId = nonEmpty(fields.trigger_id);
  const reply = replyHandle(triggerId, nonEmpty(fields.response_url), ctx.receivedAt);
  return {
    kind: "command",
    commandLine: umbrella ? line : `${command} ${line}`.trim(),
    source: "slash",
    dedupeKey: triggerId ? `slash:${triggerId}` : `slash:${channel}:${user}:${command}:${ctx.receivedAt}`,
    conversation: conversationOf(tenantId, channel, kindOfChannel(channel, fields.channel_name === "directmessage" ? "im" : undefined)),
    actor: actorOf(tenantId, user, nonEmpty(fields.user_name)),
    receivedAt: ctx.receivedAt,
    raw: fields,
    ...(reply ? { reply } : {}),
  };
}

/** Interactivity payloads (https://api.slack.com/reference/interaction-payloads): block_actions and view_submission. */
export function decodeInteractive(payload: Json, ctx: DecodeContext): InboundEvent | null {
  const team = obj(payload, "team");
  const user = obj(payload, "user");
  const tenantId = tenantOf(str(obj(payload, "enterprise"), "id") ?? str(team, "enterprise_id"), str(team, "id") ?? str(user, "team_id"));
  const userId = str(user, "id");
  if (!tenantId || !userId) return null;
  const actor = actorOf(tenantId, userId, str(user, "name") ?? str(user, "username"));
  const triggerId = str(payload, "trigger_id");
  const type = str(payload, "type");
  if (type === "block_actions") return decodeBlockActions(payload, ctx, tenantId, actor, triggerId);
  if (type === "view_submission") {
    const view = obj(payload, "view");
    if (str(view, "callback_id") !== FORM_CALLBACK_ID) return null;
    const submitted = readFormSubmission(view);
    if (!submitted) return null;
    const to = submitted.to ?? { conversationId: userId, kind: "direct" as const };
    const reply = replyHandle(triggerId, undefined, ctx.receivedAt);
    return {
      kind: "command",
      commandLine: submitted.commandLine,
      source: "form",
      dedupeKey: `view:${str(view, "id") ?? triggerId ?? ctx.receivedAt}`,
      conversation: conversationOf(tenantId, to.conversationId, to.kind, to.threadId),
      actor,
      receivedAt: ctx.receivedAt,
      raw: payload,
      ...(reply ? { reply } : {}),
    };
  }
  return null;
}

// https://api.slack.com/reference/interaction-payloads/block-actions
function decodeBlockActions(payload: Json, ctx: DecodeContext, tenantId: string, actor: Actor, triggerId: string | undefined): InboundEvent | null {
  const container = obj(payload, "container");
  if (str(container, "type") === "view") return null;
  const action = record(list(payload, "actions")[0]);
  const command = str(action, "value") ?? str(obj(action, "selected_option"), "value");
  const channel = str(obj(payload, "channel"), "id") ?? str(container, "channel_id");
  if (!command || !channel) return null;
  const threadId = str(container, "thread_ts") ?? str(obj(payload, "message"), "thread_ts");
  const reply = replyHandle(triggerId, str(payload, "response_url"), ctx.receivedAt);
  return {
    kind: "command",
    commandLine: command,
    source: "button",
    dedupeKey: triggerId ? `action:${triggerId}` : `action:${channel}:${str(container, "message_ts") ?? ""}:${str(action, "action_ts") ?? ctx.receivedAt}`,
    conversation: conversationOf(tenantId, channel, kindOfChannel(channel), threadId),
    actor,
    receivedAt: ctx.receivedAt,
    raw: payload,
    ...(reply ? { reply } : {}),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
