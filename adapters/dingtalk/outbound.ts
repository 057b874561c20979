import type { Logger } from "pino";
import { isFirstPart, type ConversationRef, type ReplyHandle, type SendOptions, type SentRef } from "../../src/core/adapter.js";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { mediaId, soleImage } from "../../src/core/media.js";
import { buttonsOf, type ImageBlock, type OutboundMessage } from "../../src/core/message.js";
import { cardTrackId } from "./card-track.js";
import { DingtalkApiError, type DingtalkClient, type DingtalkJson } from "./client.js";
import { toDeliveryError } from "./errors.js";
import { CARD_REPLY_KIND, SESSION_REPLY_KIND } from "./inbound.js";
import { renderDingtalkCardData, renderDingtalkImage, renderDingtalkMarkdown, type DingtalkImageMessage, type DingtalkRobotMessage } from "./render.js";
import { uploadDingtalkImage } from "./upload.js";

// Robot messages: POST /v1.0/robot/groupMessages/send {robotCode, openConversationId, msgKey, msgParam} and
// POST /v1.0/robot/oToMessages/batchSend {robotCode, userIds, msgKey, msgParam}
// (https://open.dingtalk.com/document/orgapp/the-robot-sends-a-group-message, …/chatbots-send-one-on-one-chat-messages-in-batches).
// Session webhook (a robot message's sessionWebhook, valid until sessionWebhookExpiredTime): the custom-robot body
// {msgtype:"markdown", markdown:{title, text}} https://open.dingtalk.com/document/orgapp/custom-robot-access.
// Interactive cards: POST /v1.0/card/instances/createAndDeliver and PUT /v1.0/card/instances
// (https://open.dingtalk.com/document/orgapp/create-and-deliver-cards, …/interactive-card-update-interface).
// Images (a part of their own, see the degrade step): uploaded to /media/upload, then a robot message
// msgKey sampleImageMsg, msgParam {photoURL: media_id} (robot-message-types-and-data-format; the session webhook's
// custom-robot format has no image type, so images always go through the robot API).

/** A session webhook is not used in its last minute: the send could land after it expired. */
const SESSION_MARGIN_MS = 60_000;
/** Per-person flow control on 1:1 robot messages; DingTalk gives no wait hint [unverified], so a minute. */
const FLOW_CONTROL_RETRY_MS = 60_000;

export interface DingtalkSenderOptions {
  client: DingtalkClient;
  robotCode: string;
  /** The interactive card template; without it buttons arrive as numbered replies (the degrade step). */
  cardTemplateId?: string;
  /** Origins a session webhook may point at (the bodies that carry one are not signed: never follow another host). */
  sessionOrigins: string[];
  logger: Logger;
  now?: () => number;
}

/** send / edit for the adapter. */
export interface DingtalkSender {
  send(to: ConversationRef, message: OutboundMessage, opts: SendOptions): Promise<SentRef>;
  edit(ref: SentRef, message: OutboundMessage): Promise<void>;
}

function sentRef(to: ConversationRef, messageId: string, via: "card" | "robot" | "session"): SentRef {
  return { platform: "dingtalk", conversation: to, messageId, extra: { via } };
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Creates the sender: clicked card → update in place; valid session webhook → reply there; else robot API or a new card. */
export function createDingtalkSender(options: DingtalkSenderOptions): DingtalkSender {
  const { client, robotCode, cardTemplateId, logger } = options;
  const now = options.now ?? Date.now;

  const usableSession = (reply: ReplyHandle | undefined): string | null => {
    if (reply?.kind !== SESSION_REPLY_KIND || !reply.url || !reply.expiresAt) return null;
    if (Date.parse(reply.expiresAt) - SESSION_MARGIN_MS <= now()) return null;
    let origin: string;
    try {
      origin = new URL(reply.url).origin;
    } catch {
      return null;
    }
    return options.sessionOrigins.includes(origin) ? reply.url : null;
  };

  const robotSend = async (to: ConversationRef, rendered: DingtalkRobotMessage | DingtalkImageMessage): Promise<SentRef> => {
    const { msgKey, msgParam } = rendered;
    if (to.kind === "group") {
      const result = await client.api("POST", "/v1.0/robot/groupMessages/send", { robotCode, openConversationId: to.conversationId, msgKey, msgParam });
      return sentRef(to, typeof result.processQueryKey === "string" ? result.processQueryKey : "", "robot");
    }
    const result = await client.api("POST", "/v1.0/robot/oToMessages/batchSend", { robotCode, userIds: [to.conversationId], msgKey, msgParam });
    if (list(result.invalidStaffIdList).includes(to.conversationId)) {
      throw DeliveryError.fatal(`DingTalk did not deliver to ${to.conversationId}: not a member of the org or outside the robot's visible range`);
    }
    if (list(result.flowControlledStaffIdList).includes(to.conversationId)) {
      throw DeliveryError.retry(`DingTalk flow-controlled the 1:1 message to ${to.conversationId}`, FLOW_CONTROL_RETRY_MS);
    }
    return sentRef(to, typeof result.processQueryKey === "string" ? result.processQueryKey : "", "robot");
  };

  const sessionSend = async (url: string, to: ConversationRef, message: OutboundMessage, key: string): Promise<SentRef> => {
    const param: unknown = JSON.parse(renderDingtalkMarkdown(message).msgParam);
    await client.webhook(url, { msgtype: "markdown", markdown: param });
    return sentRef(to, key, "session");
  };

  const cardData = (message: OutboundMessage): DingtalkJson => ({ cardParamMap: renderDingtalkCardData(message).cardParamMap });

  const deliverCard = async (templateId: string, to: ConversationRef, message: OutboundMessage, key: string): Promise<SentRef> => {
    const outTrackId = cardTrackId(to, key);
    const space =
      to.kind === "group"
        ? { openSpaceId: `dtv1.card//IM_GROUP.${to.conversationId}`, imGroupOpenSpaceModel: { supportForward: false }, imGroupOpenDeliverModel: { robotCode } }
        : {
            openSpaceId: `dtv1.card//IM_ROBOT.${to.conversationId}`,
            imRobotOpenSpaceModel: { supportForward: false },
            imRobotOpenDeliverModel: { spaceType: "IM_ROBOT", robotCode },
          };
    const result = await client.api("POST", "/v1.0/card/instances/createAndDeliver", {
      cardTemplateId: templateId,
      outTrackId,
      callbackType: "STREAM",
      userIdType: 1,
      cardData: cardData(message),
      ...space,
    });
    const delivered = record(result.result)?.deliverResults;
    const failed = Array.isArray(delivered) ? delivered.map(record).find((d) => d?.success === false) : undefined;
    if (failed) throw DeliveryError.fatal(`DingTalk did not deliver the card: ${typeof failed.errorMsg === "string" ? failed.errorMsg : "unknown reason"}`);
    return sentRef(to, outTrackId, "card");
  };

  const updateCard = async (outTrackId: string, message: OutboundMessage): Promise<void> => {
    await client.api("PUT", "/v1.0/card/instances", { outTrackId, cardData: cardData(message), cardUpdateOptions: { updateCardDataByKey: true } });
  };

  const sendImage = async (to: ConversationRef, image: ImageBlock, opts: SendOptions): Promise<SentRef> => {
    const upload = () => uploadDingtalkImage(client, image, now());
    const media = opts.media ? await opts.media({ tenantId: to.tenantId, sha256: mediaId(image.png) }, upload) : (await upload()).ref;
    return robotSend(to, renderDingtalkImage(media));
  };

  const send: DingtalkSender["send"] = async (to, message, opts) => {
    try {
      const image = soleImage(message);
      if (image) return await sendImage(to, image, opts);
      const wantsCard = cardTemplateId !== undefined && buttonsOf(message).length > 0;
      const reply = opts.reply;
      if (cardTemplateId && reply?.kind === CARD_REPLY_KIND && reply.token && isFirstPart(opts)) {
        try {
          await updateCard(reply.token, message);
          return sentRef(to, reply.token, "card");
        } catch (error) {
          const classified = toDeliveryError(error);
          if (classified.kind === "retry") throw classified;
          logger.warn({ component: "dingtalk", reason: classified.reason }, "card update refused; sending a new message");
        }
      }
      const session = wantsCard ? null : usableSession(reply);
      if (session) {
        try {
          return await sessionSend(session, to, message, opts.idempotencyKey);
        } catch (error) {
          if (!(error instanceof DingtalkApiError)) throw error;
          logger.info({ component: "dingtalk", code: error.code }, "session webhook refused; using the robot API");
        }
      }
      if (wantsCard && cardTemplateId) return await deliverCard(cardTemplateId, to, message, opts.idempotencyKey);
      return await robotSend(to, renderDingtalkMarkdown(message));
    } catch (error) {
      throw toDeliveryError(error);
    }
  };

  return {
    send,
    async edit(ref, message) {
      if (ref.extra?.via !== "card") {
        // Robot and webhook messages cannot be changed: the edit arrives as a new message.
        await send(ref.conversation, message, { idempotencyKey: `${ref.messageId}:edit` });
        return;
      }
      try {
        await updateCard(ref.messageId, message);
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
  };
}

function record(value: unknown): DingtalkJson | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as DingtalkJson) : null;
}
