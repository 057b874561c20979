import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { isFirstPart, type ConversationRef, type GroupSpec, type SendOptions, type SentRef } from "../../src/core/adapter.js";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { uploadImages, type MediaCache, type UploadedImages } from "../../src/core/media.js";
import type { OutboundMessage } from "../../src/core/message.js";
import { isFeishuCardReply, outcomeCard, type FeishuCardReply } from "./card-reply.js";
import { FeishuApiError, QUOTA_EXHAUSTED, type FeishuClient, type FeishuJson } from "./client.js";
import { renderFeishu, type FeishuRenderOptions } from "./render.js";
import { uploadFeishuImage } from "./upload.js";

// Send: https://open.feishu.cn/document/server-docs/im-v1/message/create (uuid dedupes for 1 h, ≤ 50 characters)
// Reply in thread: https://open.feishu.cn/document/server-docs/im-v1/message/reply
// Update a card: https://open.feishu.cn/document/server-docs/im-v1/message-card/patch
// Create a group: https://open.feishu.cn/document/server-docs/group/chat/create (user_id_list ≤ 50)
// Add members: https://open.feishu.cn/document/server-docs/group/chat-member/create (≤ 50 users per call)
// Look up: https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id

/** Users per im/v1/chats or chats/:chat_id/members call. */
export const MEMBERS_PER_CALL = 50;

/** Feishu's `uuid` for a send: a stable 40-hex digest of our idempotency key (the field takes ≤ 50 characters). */
export function feishuUuid(idempotencyKey: string): string {
  return createHash("sha256").update(idempotencyKey, "utf8").digest("hex").slice(0, 40);
}

const asObject = (value: unknown): FeishuJson | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as FeishuJson) : undefined;

function dataString(json: FeishuJson, field: string, what: string): string {
  const value = asObject(json.data)?.[field];
  if (typeof value !== "string" || value.length === 0) throw DeliveryError.fatal(`feishu ${what}: the response carried no ${field}`);
  return value;
}

/** Cards sent to a direct chat say so in their callbacks (the callback does not tell p2p from group); images by image_key. */
const renderOptionsFor = (to: ConversationRef, images: UploadedImages): FeishuRenderOptions => ({ ...(to.kind === "direct" ? { callback: { chat: "p2p" } } : {}), images });

/** The outbound half of the adapter: messages, card updates, groups and directory lookups. */
export function createFeishuOutbound(client: FeishuClient, logger: Logger) {
  const upload = (to: ConversationRef, message: OutboundMessage, media: MediaCache | undefined): Promise<UploadedImages> =>
    uploadImages(message, to.tenantId, media, (image) => uploadFeishuImage(client, image));

  const post = async (to: ConversationRef, message: OutboundMessage, idempotencyKey: string, images: UploadedImages): Promise<SentRef> => {
    const { msg_type, content } = renderFeishu(message, renderOptionsFor(to, images));
    const uuid = feishuUuid(idempotencyKey);
    const json = to.threadId
      ? await client.request("POST", `/im/v1/messages/${encodeURIComponent(to.threadId)}/reply`, { body: { msg_type, content, uuid, reply_in_thread: true } })
      : await client.request("POST", "/im/v1/messages", {
          query: { receive_id_type: to.kind === "direct" ? "open_id" : "chat_id" },
          body: { receive_id: to.conversationId, msg_type, content, uuid },
        });
    return { platform: "feishu", conversation: to, messageId: dataString(json, "message_id", "send") };
  };

  const patchCard = async (messageId: string, content: string): Promise<void> => {
    await client.request("PATCH", `/im/v1/messages/${encodeURIComponent(messageId)}`, { body: { content } });
  };

  /** Replaces the clicked card with the reply; if the card cannot be updated (too old, deleted), posts the reply instead. */
  const answerClick = async (to: ConversationRef, message: OutboundMessage, idempotencyKey: string, reply: FeishuCardReply, images: UploadedImages): Promise<SentRef> => {
    try {
      await patchCard(reply.messageId, JSON.stringify(outcomeCard(message, reply, renderOptionsFor(to, images))));
      return { platform: "feishu", conversation: to, messageId: reply.messageId };
    } catch (error) {
      if (!(error instanceof FeishuApiError) || error.kind === "retry" || error.code === QUOTA_EXHAUSTED || error.code === undefined) throw error;
      logger.warn({ reason: error.reason }, "feishu card could not be updated in place; posting the reply instead");
      return post(to, message, idempotencyKey, images);
    }
  };

  const addInBatches = async (chatId: string, userIds: string[]): Promise<void> => {
    for (let i = 0; i < userIds.length; i += MEMBERS_PER_CALL) {
      await client.request("POST", `/im/v1/chats/${encodeURIComponent(chatId)}/members`, {
        query: { member_id_type: "open_id" },
        body: { id_list: userIds.slice(i, i + MEMBERS_PER_CALL) },
      });
    }
  };

  return {
    /** Sends one (degraded) message, its images uploaded first; a reply to a card click updates that card instead. */
    async send(to: ConversationRef, message: OutboundMessage, opts: SendOptions): Promise<SentRef> {
      const images = await upload(to, message, opts.media);
      if (isFeishuCardReply(opts.reply) && isFirstPart(opts)) return answerClick(to, message, opts.idempotencyKey, opts.reply, images);
      return post(to, message, opts.idempotencyKey, images);
    },

    /** Edits a card the bot sent, in place. */
    async edit(ref: SentRef, message: OutboundMessage, opts: Pick<SendOptions, "media"> = {}): Promise<void> {
      const images = await upload(ref.conversation, message, opts.media);
      await patchCard(ref.messageId, renderFeishu(message, renderOptionsFor(ref.conversation, images)).content);
    },

    /**
     * Creates a private group owned by `ownerId` with the first 50 people (the rest go through addMembers). With an
     * idempotency key, `uuid` makes a repeated create return the same chat: "same uuid + owner → one chat within
     * 10 h" (https://open.feishu.cn/document/server-docs/group/chat/create). A retry more than 10 h after a create
     * whose answer was lost would make a second group; the first stays an orphan.
     */
    async createGroup(spec: GroupSpec): Promise<ConversationRef> {
      const members = [...new Set([spec.ownerId, ...spec.memberIds])];
      const json = await client.request("POST", "/im/v1/chats", {
        query: { user_id_type: "open_id", set_bot_manager: "true", ...(spec.idempotencyKey ? { uuid: feishuUuid(`group:${spec.idempotencyKey}`) } : {}) },
        body: {
          name: spec.name,
          ...(spec.topic ? { description: spec.topic } : {}),
          owner_id: spec.ownerId,
          user_id_list: members.slice(0, MEMBERS_PER_CALL),
          chat_mode: "group",
          chat_type: "private",
        },
      });
      const chatId = dataString(json, "chat_id", "create group");
      return { platform: "feishu", tenantId: spec.tenantId, conversationId: chatId, kind: "group" };
    },

    /** Adds people to a group, 50 per call, one call at a time (parallel calls on one chat fail with 232019). */
    addMembers: (to: ConversationRef, userIds: string[]): Promise<void> => addInBatches(to.conversationId, [...new Set(userIds)]),

    /**
     * Buzz (应用内加急) on a message the bot sent: PATCH /im/v1/messages/:message_id/urgent_app {user_id_list}
     * (https://open.feishu.cn/document/server-docs/im-v1/buzz-messages/urgent_app; scope im:message.urgent). Free, unlike
     * urgent_sms / urgent_phone, which spend the tenant's quota and are not used.
     */
    async urgent(sent: SentRef, userIds: string[]): Promise<void> {
      await client.request("PATCH", `/im/v1/messages/${encodeURIComponent(sent.messageId)}/urgent_app`, { query: { user_id_type: "open_id" }, body: { user_id_list: [...new Set(userIds)] } });
    },

    /**
     * Closes a war room for good and keeps its history: only the owner may speak afterwards (PUT
     * /im/v1/chats/:chat_id/moderation {moderation_setting: "only_owner"}, 更新群发言权限; the values are all_members,
     * only_owner (owner and managers) and moderator_list). The bot created the group but a person owns it, so the app
     * needs the 更新应用所创建群的群信息 scope (im:chat:operate_as_owner) and must still be in the group. Disbanding
     * (DELETE /im/v1/chats/:chat_id, https://open.feishu.cn/document/server-docs/group/chat/delete) would drop the history.
     */
    async archiveGroup(to: ConversationRef): Promise<void> {
      await client.request("PUT", `/im/v1/chats/${encodeURIComponent(to.conversationId)}/moderation`, { query: { user_id_type: "open_id" }, body: { moderation_setting: "only_owner" } });
    },

    /** The open_id of the person with this email or mobile, or null. */
    async lookupUser(by: { email?: string; mobile?: string }): Promise<string | null> {
      const body = by.email ? { emails: [by.email] } : by.mobile ? { mobiles: [by.mobile] } : null;
      if (!body) return null;
      const json = await client.request("POST", "/contact/v3/users/batch_get_id", { query: { user_id_type: "open_id" }, body });
      const list = asObject(json.data)?.user_list;
      const first = Array.isArray(list) ? list.map(asObject).find((u) => typeof u?.user_id === "string" && u.user_id.length > 0) : undefined;
      return typeof first?.user_id === "string" ? first.user_id : null;
    },

    /** The bot's own open_id (to tell its @mention from anyone else's). */
    async botOpenId(): Promise<string | null> {
      const json = await client.request("GET", "/bot/v3/info");
      const openId = asObject(json.bot)?.open_id;
      return typeof openId === "string" && openId.length > 0 ? openId : null;
    },

    /** The tenant this (self-built) app is installed in. */
    async tenant(): Promise<{ tenantKey: string; name: string } | null> {
      const json = await client.request("GET", "/tenant/v2/tenant/query");
      const tenant = asObject(asObject(json.data)?.tenant);
      return typeof tenant?.tenant_key === "string" ? { tenantKey: tenant.tenant_key, name: typeof tenant.name === "string" ? tenant.name : "Feishu" } : null;
    },
  };
}

export type FeishuOutbound = ReturnType<typeof createFeishuOutbound>;
