import type { ReplyHandle } from "../../src/core/adapter.js";
import { t } from "../../src/core/i18n.js";
import type { OutboundMessage } from "../../src/core/message.js";
import { renderFeishuCard, type FeishuCard, type FeishuRenderOptions } from "./render.js";

// A click on a card (card.action.trigger) is answered in place: the event carries this reply handle, the
// dispatcher's reply is queued with it like any other (only the deliver job sends), and the adapter's send()
// PATCHes the clicked card with the reply instead of posting a new message.
// PATCH im/v1/messages/:message_id (cards with update_multi, 14 days): https://open.feishu.cn/document/server-docs/im-v1/message-card/patch

export const FEISHU_CARD_REPLY = "feishu_card";

/** The reply handle of a card click: which card to update, and who clicked. */
export interface FeishuCardReply extends ReplyHandle {
  kind: typeof FEISHU_CARD_REPLY;
  /** open_message_id of the clicked card. */
  messageId: string;
  /** open_id of the person who clicked. */
  userId: string;
}

/** Builds the reply handle for a click on the card `messageId` by `userId`. */
export function feishuCardReply(messageId: string, userId: string): FeishuCardReply {
  return { kind: FEISHU_CARD_REPLY, messageId, userId };
}

/** True when a reply handle (as it comes back from the outbox, plain JSON) is a card click's. */
export function isFeishuCardReply(reply: ReplyHandle | undefined): reply is FeishuCardReply {
  if (!reply || reply.kind !== FEISHU_CARD_REPLY) return false;
  const fields = reply as unknown as Record<string, unknown>;
  return typeof fields.messageId === "string" && fields.messageId.length > 0 && typeof fields.userId === "string";
}

/**
 * The card that replaces the clicked one: the reply, and — when the reply is an outcome rather than a new
 * question (it has no buttons or form) — a footer naming who clicked, e.g. "✓ 已处理 · @张三".
 */
export function outcomeCard(message: OutboundMessage, reply: FeishuCardReply, options: FeishuRenderOptions = {}): FeishuCard {
  const card = renderFeishuCard(message, options);
  const asksMore = message.blocks.some((b) => b.type === "actions" || b.type === "form");
  if (!asksMore) {
    const who = reply.userId.replace(/[^A-Za-z0-9_-]/g, "");
    const footer = t(message.locale ?? "en", who ? "feishu.card_outcome_by" : "feishu.card_outcome", { who: `<at id=${who}></at>` });
    card.body.elements.push({ tag: "markdown", content: footer });
  }
  return card;
}
