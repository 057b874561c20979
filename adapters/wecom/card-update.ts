import { createHash } from "node:crypto";
import type { OutboundMessage } from "../../src/core/message.js";
import { renderWecomTemplateCard, type WecomTemplateCardMessage } from "./render.js";

// Updating a clicked template card: POST message/update_template_card with the click's ResponseCode
// (https://developer.work.weixin.qq.com/document/path/94888: each code once, within 72 h). The whole card is
// replaced with the command's outcome; when the outcome has no buttons, `replace_text` turns the button row
// into one grey, unclickable label [unverified: field as listed for 按钮交互型 in path/90241 / 94888].

/** The card's task_id for a delivery: deterministic per idempotency key, within WeCom's 128 bytes of [A-Za-z0-9_-@]. */
export function taskIdFor(idempotencyKey: string): string {
  return `rb-${createHash("sha256").update(idempotencyKey).digest("base64url").slice(0, 40)}`;
}

/** The label shown in place of the buttons once the command has run. */
function doneLabel(message: OutboundMessage): string {
  return message.locale === "en" ? "✓ Done" : "✓ 已处理";
}

/** The update_template_card body that replaces a clicked card with `message` for `userId`. */
export function renderCardUpdate(message: OutboundMessage, opts: { agentId: number; userId: string; responseCode: string; taskId: string }): Record<string, unknown> {
  const card: WecomTemplateCardMessage["template_card"] & { replace_text?: string } = renderWecomTemplateCard(message, { taskId: opts.taskId }).template_card;
  if (card.button_list.length === 0) card.replace_text = doneLabel(message);
  return { userids: [opts.userId], agentid: opts.agentId, response_code: opts.responseCode, template_card: card };
}
