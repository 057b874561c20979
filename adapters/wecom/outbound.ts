import type { Logger } from "pino";
import { isFirstPart, type ConversationRef, type SendOptions, type SentRef } from "../../src/core/adapter.js";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { mediaId, soleImage } from "../../src/core/media.js";
import { buttonsOf, type ImageBlock, type OutboundMessage } from "../../src/core/message.js";
import type { AibotChannel } from "./aibot.js";
import { renderCardUpdate, taskIdFor } from "./card-update.js";
import { WecomApiError, type WecomClient, type WecomResult } from "./client.js";
import { ERR_RATE_LIMITED, toDeliveryError } from "./errors.js";
import { AIBOT_CONVERSATION_PREFIX, CARD_REPLY_KIND } from "./inbound.js";
import { renderWecomImage, renderWecomMarkdown, renderWecomTemplateCard } from "./render.js";
import { uploadWecomImage } from "./upload.js";

// Sends: DMs through message/send (path/90236: markdown, or a button_interaction template_card when the message
// has buttons), app groups through appchat/send (path/90248: markdown; no template_card), AI bot chats through
// aibot_send_msg, and a clicked card's outcome through update_template_card (path/94888) once per ResponseCode.
// An image is a part of its own (the degrade step): media/upload (path/90253), then msgtype image through
// message/send or appchat/send. message/send's enable_duplicate_check ("在一定时间间隔内，同样内容（请求json）的消息，
// 不会重复收到", default 1800 s, path/90236) makes a retried image send after a lost answer arrive once, and so a
// card sent again after a crash between the API call and recording it (its task_id comes from the delivery's key, so
// two different cards never match). Plain markdown goes without it: two identical replies (`help` twice) are wanted.

const USED_CODES_KEPT = 10_000;
/** WeCom drops a message/send whose request JSON it saw in the last 30 minutes (its default window, path/90236). */
const DUPLICATE_CHECK = { enable_duplicate_check: 1, duplicate_check_interval: 1800 } as const;

/** What the sender needs: the API client, the app's AgentId, the AI bot channel if any, the 45009 wait. */
export interface SenderDeps {
  client: WecomClient;
  agentId: number;
  aibot: AibotChannel | null;
  /** How long to wait after a 45009: the per-member window in effect. */
  rateWindowMs: number;
  logger: Logger;
  now?: () => number;
}

/** The adapter's `send`. */
export type WecomSend = (to: ConversationRef, message: OutboundMessage, opts: SendOptions) => Promise<SentRef>;

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** message/send answers errcode 0 even when it reached nobody; the invalid/unlicensed lists say who was missed. */
function missedRecipients(result: WecomResult): string[] {
  return [text(result.invaliduser), text(result.unlicenseduser)].flatMap((list) => list.split("|")).filter((id) => id.trim());
}

/** Creates the adapter's send: routes by conversation, renders, classifies failures for the deliver job. */
export function createWecomSender(deps: SenderDeps): WecomSend {
  const { client, agentId, logger } = deps;
  const now = deps.now ?? Date.now;
  const usedCodes = new Set<string>();

  const sentRef = (to: ConversationRef, messageId: string, extra?: Record<string, string>): SentRef => ({ platform: "wecom", conversation: to, messageId, ...(extra ? { extra } : {}) });

  /** Replaces the clicked card with `message`; null when the code is spent or expired (send a new message instead). */
  const updateCard = async (to: ConversationRef, message: OutboundMessage, code: string, expiresAt: string | undefined, key: string): Promise<SentRef | null> => {
    if (usedCodes.has(code) || (expiresAt && Date.parse(expiresAt) <= now())) return null;
    usedCodes.add(code);
    if (usedCodes.size > USED_CODES_KEPT) usedCodes.delete(usedCodes.values().next().value ?? code);
    try {
      await client.post("message/update_template_card", renderCardUpdate(message, { agentId, userId: to.conversationId, responseCode: code, taskId: taskIdFor(key) }));
      return sentRef(to, `card:${code}`);
    } catch (error) {
      if (error instanceof WecomApiError && error.errcode !== ERR_RATE_LIMITED && error.errcode !== -1) {
        logger.info({ component: "wecom", errcode: error.errcode }, "card update refused (code used, expired or card changed); sending a new message");
        return null;
      }
      usedCodes.delete(code);
      throw error;
    }
  };

  const sendDirect = async (to: ConversationRef, message: OutboundMessage, key: string): Promise<SentRef> => {
    const card = buttonsOf(message).length > 0;
    const body = card ? renderWecomTemplateCard(message, { taskId: taskIdFor(key) }) : renderWecomMarkdown(message);
    const result = await client.post("message/send", { touser: to.conversationId, agentid: agentId, ...body, ...(card ? DUPLICATE_CHECK : {}) });
    const missed = missedRecipients(result);
    if (missed.length > 0) {
      throw DeliveryError.fatal(`WeCom did not deliver to ${missed.join(", ")}: not a member, not licensed, or outside the app's visible range (可见范围)`);
    }
    const responseCode = text(result.response_code);
    return sentRef(to, text(result.msgid) || key, responseCode ? { response_code: responseCode } : undefined);
  };

  const sendImage = async (to: ConversationRef, image: ImageBlock, opts: SendOptions): Promise<SentRef> => {
    const upload = () => uploadWecomImage(client, image, now());
    const media = opts.media ? await opts.media({ tenantId: to.tenantId, sha256: mediaId(image.png) }, upload) : (await upload()).ref;
    if (to.kind === "group") {
      await client.post("appchat/send", { chatid: to.conversationId, ...renderWecomImage(media), safe: 0 });
      return sentRef(to, opts.idempotencyKey);
    }
    const result = await client.post("message/send", { touser: to.conversationId, agentid: agentId, ...renderWecomImage(media), ...DUPLICATE_CHECK });
    const missed = missedRecipients(result);
    if (missed.length > 0) throw DeliveryError.fatal(`WeCom did not deliver the image to ${missed.join(", ")}: not a member, not licensed, or outside the app's visible range (可见范围)`);
    return sentRef(to, text(result.msgid) || opts.idempotencyKey);
  };

  return async (to, message, opts) => {
    try {
      const image = to.conversationId.startsWith(AIBOT_CONVERSATION_PREFIX) ? null : soleImage(message);
      if (image) return await sendImage(to, image, opts);
      if (to.conversationId.startsWith(AIBOT_CONVERSATION_PREFIX)) {
        if (!deps.aibot) throw DeliveryError.fatal("this conversation belongs to the WeCom AI bot, which is not configured (WECOM_AIBOT_ID / WECOM_AIBOT_SECRET)");
        await deps.aibot.sendMarkdown(to.conversationId.slice(AIBOT_CONVERSATION_PREFIX.length), renderWecomMarkdown(message).markdown.content);
        return sentRef(to, opts.idempotencyKey);
      }
      if (to.kind === "group") {
        await client.post("appchat/send", { chatid: to.conversationId, ...renderWecomMarkdown(message), safe: 0 });
        return sentRef(to, opts.idempotencyKey);
      }
      const reply = opts.reply;
      if (reply?.kind === CARD_REPLY_KIND && reply.token && isFirstPart(opts)) {
        const updated = await updateCard(to, message, reply.token, reply.expiresAt, opts.idempotencyKey);
        if (updated) return updated;
      }
      return await sendDirect(to, message, opts.idempotencyKey);
    } catch (error) {
      throw toDeliveryError(error, deps.rateWindowMs);
    }
  };
}
